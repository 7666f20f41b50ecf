# The course's way to send: one POST /message with {"sender","msg"}; prints the peer's answer.
# Run by the course-compatibility tests: python3 send.py <sender id> <target url> <text>
import json
import sys

import requests

sender, target, text = sys.argv[1], sys.argv[2], sys.argv[3]
print(f'sending from {sender} to {target}', flush=True)
answer = requests.post(f'{target}/message', json={'sender': sender, 'msg': text})
print(json.dumps(answer.json()), flush=True)
