// Starts CongoDB (a MongoDB-wire-compatible server, in memory) on 127.0.0.1.
// Usage: node server.mjs [port]  — prints "listening <port>" once ready, stops on SIGTERM/stdin close.
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number(process.argv[2] || 27018);
const server = new CongoServer({ port, host: '127.0.0.1', storage: 'memory' });
await server.start();
console.log(`listening ${port}`);
const stop = async () => { try { await server.stop(); } finally { process.exit(0); } };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
