# The course's bootstrap, as the course writes it: a list of peer urls in memory, two routes.
# Started by the course-compatibility tests: python3 bootstrap.py <port>
import sys

from flask import Flask, jsonify, request

app = Flask(__name__)
peers = []


@app.route('/register', methods=['POST'])
def register():
    data = request.get_json()
    peer = data.get('peer')
    if not peer:
        return jsonify({'error': 'No peer provided'}), 400
    if peer not in peers:
        peers.append(peer)
    return jsonify({'status': 'registered', 'peers': peers})


@app.route('/peers', methods=['GET'])
def get_peers():
    return jsonify({'peers': peers})


if __name__ == '__main__':
    app.run(host='127.0.0.1', port=int(sys.argv[1]))
