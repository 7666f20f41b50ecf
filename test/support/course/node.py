# A node as the course writes it: registers with the bootstrap once, answers GET / and
# POST /message, and prints what it receives.
# Started by the course-compatibility tests: python3 node.py <node id> <port> <bootstrap url>
import sys

import requests
from flask import Flask, jsonify, request

NODE_ID, PORT, BOOTSTRAP_URL = sys.argv[1], int(sys.argv[2]), sys.argv[3]
MY_URL = f'http://127.0.0.1:{PORT}'
app = Flask(__name__)
peers = []


@app.route('/')
def home():
    return jsonify({'message': f'Node {NODE_ID} is running!'})


@app.route('/message', methods=['POST'])
def receive_message():
    data = request.get_json()
    print(f"Received message from {data['sender']}: {data['msg']}", flush=True)
    return jsonify({'status': 'received'})


def register_with_bootstrap():
    answer = requests.post(f'{BOOTSTRAP_URL}/register', json={'peer': MY_URL})
    peers.extend(p for p in answer.json()['peers'] if p != MY_URL)
    print(f'Registered with the bootstrap, peers: {peers}', flush=True)


if __name__ == '__main__':
    register_with_bootstrap()
    app.run(host='127.0.0.1', port=PORT)
