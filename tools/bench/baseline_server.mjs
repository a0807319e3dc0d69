// The baseline for tools/bench.sh: a node `ws` signaling server that relays the tutorial's
// protocol the way the tutorial's server does (same messages, same per-message work: parse,
// look up, stringify, send). Written here for measuring only; not part of Duet.
// Usage: node baseline_server.mjs PORT
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 9090);
const users = new Map();
const server = new WebSocketServer({ host: '127.0.0.1', port });

function sendTo(socket, message) {
  socket.send(JSON.stringify(message));
}

server.on('connection', (socket) => {
  socket.on('message', (raw) => {
    let data;
    try {
      data = JSON.parse(raw);
    } catch {
      data = {};
    }
    const peer = users.get(data.name);
    switch (data.type) {
      case 'login':
        if (users.has(data.name)) {
          sendTo(socket, { type: 'login', success: false });
        } else {
          users.set(data.name, socket);
          socket.userName = data.name;
          sendTo(socket, { type: 'login', success: true });
        }
        break;
      case 'offer':
        if (peer) {
          socket.otherName = data.name;
          sendTo(peer, { type: 'offer', offer: data.offer, name: socket.userName });
        }
        break;
      case 'answer':
        if (peer) {
          socket.otherName = data.name;
          sendTo(peer, { type: 'answer', answer: data.answer });
        }
        break;
      case 'candidate':
        if (peer) sendTo(peer, { type: 'candidate', candidate: data.candidate });
        break;
      case 'leave':
        if (peer) {
          peer.otherName = null;
          sendTo(peer, { type: 'leave' });
        }
        break;
      default:
        sendTo(socket, { type: 'error', message: 'Command not found: ' + data.type });
    }
  });
  socket.on('close', () => {
    if (!socket.userName) return;
    users.delete(socket.userName);
    const peer = socket.otherName && users.get(socket.otherName);
    if (peer) {
      peer.otherName = null;
      sendTo(peer, { type: 'leave' });
    }
  });
  socket.send('Hello world');
});

server.on('listening', () => console.log(`baseline listening on ws://127.0.0.1:${port}/`));
