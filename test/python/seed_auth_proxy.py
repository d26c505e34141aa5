# The seed's "Authentication" snippet and its "Error Handling" call_with_retry, copied from
# /work/shared/seed/python-sdk-examples.txt with only SYNAPSE_URL and the API key taken from the
# environment, then used as a user would. Run by test/e2e/python-seed.test.ts.
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

# --- seed: Error Handling -------------------------------------------------------------------
import time

def call_with_retry(method, url, max_retries=3, **kwargs):
    for attempt in range(max_retries + 1):
        resp = requests.request(method, url, **kwargs)

        if resp.status_code == 429:
            retry_after = resp.json().get("error", {}).get("retry_after_secs", 60)
            time.sleep(retry_after)
            continue

        if resp.status_code in (502, 503, 504) and attempt < max_retries:
            time.sleep(min(2 ** attempt, 30))
            continue

        resp.raise_for_status()
        return resp

    resp.raise_for_status()
    return resp

# --- using them -----------------------------------------------------------------------------
QUESTION = "What is a semantic cache?"

for call in (1, 2):
    resp = call_with_retry(
        "POST",
        f"{SYNAPSE_URL}/v1/chat/completions",
        headers=HEADERS,
        json={"model": "gpt-4o", "messages": [{"role": "user", "content": QUESTION}]},
    )
    print(f"call {call} X-Cache-Status: {resp.headers['X-Cache-Status']}")
    print(f"call {call} content: {resp.json()['choices'][0]['message']['content']}")

# An upstream that always answers 429: the seed's loop waits retry_after_secs, tries again, then
# raises. A response hook (a plain requests feature) counts the attempts without changing it.
attempts = []
started = time.monotonic()
try:
    call_with_retry(
        "POST",
        f"{SYNAPSE_URL}/v1/chat/completions",
        max_retries=1,
        headers=HEADERS,
        json={"model": "fake-429", "messages": [{"role": "user", "content": QUESTION}]},
        hooks={"response": [lambda r, *args, **kwargs: attempts.append(r.status_code)]},
    )
    print("rate limited: no error raised")
except requests.HTTPError as error:
    body = error.response.json()
    print(
        f"rate limited: HTTPError {error.response.status_code}"
        f" attempts={len(attempts)} statuses={attempts}"
        f" retry_after_secs={body['error'].get('retry_after_secs')}"
        f" retry_after_header={error.response.headers.get('Retry-After')}"
        f" elapsed={time.monotonic() - started:.2f}"
    )
