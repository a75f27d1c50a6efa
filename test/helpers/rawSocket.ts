/**
 * A WebSocket client that writes raw frames, for protocol errors a real
 * client library refuses to send (RFC 6455 §5.2): invalid UTF-8, lengths
 * beyond any limit.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawSocket {
  /** Writes one client frame: FIN set, masked, with the length written as `claimedLength` when given. */
  frame(opcode: number, payload: Buffer, claimedLength?: number): void;
  /** The close code the server sent, or null when it closed without a close frame. */
  readonly closed: Promise<number | null>;
}

/** Sends an upgrade request to /api, and resets the connection (TCP RST) as soon as any answer arrives. */
export function upgradeThenReset(port: number, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.once('data', () => socket.resetAndDestroy());
    socket.write(upgradeRequest(port, headers));
  });
}

function upgradeRequest(port: number, headers: Record<string, string>): string {
  const lines = [
    'GET /api HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Opens /api with a hand-written upgrade request; rejects unless the server switches protocols. */
export function openRawSocket(port: number, headers: Record<string, string>): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    socket.on('error', reject);
    let received = Buffer.alloc(0);
    let upgraded = false;
    let resolveClosed: (code: number | null) => void = () => {};
    const closed = new Promise<number | null>((r) => (resolveClosed = r));
    socket.on('close', () => resolveClosed(null));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = received.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
        upgraded = true;
        received = received.subarray(end + 4);
        resolve({ frame, closed });
      }
      // a server frame: byte 0 is FIN + opcode, byte 1 the (unmasked) length, then a close frame's code
      if (received.length >= 4 && (received[0]! & 0x0f) === 0x8) resolveClosed(received.readUInt16BE(2));
    });
    socket.write(upgradeRequest(port, headers));

    function frame(opcode: number, payload: Buffer, claimedLength = payload.length): void {
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
      let head: Buffer;
      if (claimedLength < 126) head = Buffer.from([0x80 | opcode, 0x80 | claimedLength]);
      else if (claimedLength < 2 ** 16) {
        head = Buffer.from([0x80 | opcode, 0x80 | 126, 0, 0]);
        head.writeUInt16BE(claimedLength, 2);
      } else {
        head = Buffer.alloc(10);
        head[0] = 0x80 | opcode;
        head[1] = 0x80 | 127;
        head.writeBigUInt64BE(BigInt(claimedLength), 2);
      }
      socket.write(Buffer.concat([head, mask, masked]));
    }
  });
}
