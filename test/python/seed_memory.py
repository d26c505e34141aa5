# The seed's "Memory API" snippets (Create a Project, Store a Milestone, Recall Context, Search
# Across Projects, Intelligence Query), copied from /work/shared/seed/python-sdk-examples.txt
# with only SYNAPSE_URL and the API key taken from the environment. Run by
# test/e2e/python-seed-memory.test.ts.
import os

# --- seed: Authentication -------------------------------------------------------------------
import requests

SYNAPSE_URL = os.environ["SYNAPSE_URL"]

def get_token(api_key: str) -> str:
    resp = requests.post(
        f"{SYNAPSE_URL}/api/v1/auth/token",
        json={"api_key": api_key},
    )
    resp.raise_for_status()
    return resp.json()["access_token"]

TOKEN = get_token(os.environ["SYNAPSE_SEED_API_KEY"])
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Content-Type": "application/json",
}

# --- seed: Create a Project -----------------------------------------------------------------
resp = requests.post(
    f"{SYNAPSE_URL}/api/v1/memory/projects",
    headers=HEADERS,
    json={
        "projectId": "my-project",
        "name": "My Project",
        "roadmap": "Build an awesome product",
    },
)
print(resp.json())

# --- seed: Store a Milestone ----------------------------------------------------------------
resp = requests.post(
    f"{SYNAPSE_URL}/api/v1/memory/projects/my-project/store",
    headers=HEADERS,
    json={
        "branchName": "main",
        "branchPurpose": "Core feature implementation",
        "cumulativeProgress": "Set up project structure, added auth",
        "thisContribution": "Implemented rate limiting middleware",
        "agentId": "python-agent-1",
        "agentType": "custom",
    },
)
print(resp.json())

# --- seed: Recall Context -------------------------------------------------------------------
resp = requests.get(
    f"{SYNAPSE_URL}/api/v1/memory/projects/my-project/recall",
    headers=HEADERS,
    params={"view": "branch", "branch": "main", "limit": 5},
)
context = resp.json()
print(f"Project: {context['project']['name']}")
for m in context.get("milestones", []):
    print(f" [{m['sequenceNumber']}] {m['thisContribution']}")

# --- seed: Search Across Projects -----------------------------------------------------------
resp = requests.post(
    f"{SYNAPSE_URL}/api/v1/memory/search",
    headers=HEADERS,
    json={"query": "authentication implementation", "limit": 10},
)
results = resp.json()
for m in results["milestones"]:
    print(f" [{m['projectId']}] {m['thisContribution'][:80]}")

# --- seed: Intelligence Query ---------------------------------------------------------------
resp = requests.post(
    f"{SYNAPSE_URL}/api/v1/memory/intelligence/query",
    headers=HEADERS,
    json={
        "question": "What did the team work on this week?",
        "timeRange": "7d",
    },
)
answer = resp.json()
print(answer["answer"])
for source in answer["sources"]:
    print(f" Source: {source['projectId']}/{source['branchName']} - {source['excerpt']}")
