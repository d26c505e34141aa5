# The seed's "Complete Session Hook", copied unchanged from /work/shared/seed/python-sdk-examples.txt
# (it reads SYNAPSE_GATEWAY_URL, SYNAPSE_TOKEN, SYNAPSE_PROJECT_ID and SYNAPSE_BRANCH itself),
# followed by a driver that ends one session and starts the next. Run by
# test/e2e/python-seed-memory.test.ts.

# --- seed: Complete Session Hook ------------------------------------------------------------
import os
import requests
from datetime import datetime, timezone

SYNAPSE_URL = os.environ.get("SYNAPSE_GATEWAY_URL", "https://api.worldflowai.com")
TOKEN = os.environ["SYNAPSE_TOKEN"]
PROJECT_ID = os.environ["SYNAPSE_PROJECT_ID"]
BRANCH = os.environ.get("SYNAPSE_BRANCH", "main")
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def on_session_start() -> dict:
    """Recall context at the start of a session."""
    resp = requests.get(
        f"{SYNAPSE_URL}/api/v1/memory/projects/{PROJECT_ID}/recall",
        headers=HEADERS,
        params={"view": "branch", "branch": BRANCH, "limit": 10},
    )
    resp.raise_for_status()
    return resp.json()


def on_session_end(purpose: str, progress: str, contribution: str, agent_id: str) -> dict:
    """Store a milestone at the end of a session."""
    resp = requests.post(
        f"{SYNAPSE_URL}/api/v1/memory/projects/{PROJECT_ID}/store",
        headers=HEADERS,
        json={
            "branchName": BRANCH,
            "branchPurpose": purpose,
            "cumulativeProgress": progress,
            "thisContribution": contribution,
            "agentId": agent_id,
            "agentType": "custom",
        },
    )
    resp.raise_for_status()
    return resp.json()

# --- driver ---------------------------------------------------------------------------------
ended = on_session_end("Session hooks", "Hook wired up", f"Session ended at {datetime.now(timezone.utc).date()}", "hook-agent")
print(f"stored {ended['milestoneId']} seq={ended['sequenceNumber']} branch={ended['branchName']}")
context = on_session_start()
print(f"recalled {context['project']['projectId']} view={context['view']}")
for m in context.get("milestones", []):
    print(f" [{m['sequenceNumber']}] {m['thisContribution']}")
