/**
 * RFC 5424 syslog over UDP (one datagram per message, RFC 5426) or TCP (octet-counted framing,
 * RFC 6587), for SIEMs. The receiver's address passes the SSRF guard first.
 */
import { createSocket } from 'node:dgram';
import { isIPv6, Socket } from 'node:net';
import { hostname } from 'node:os';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { Language } from '../messages/index.ts';
import { syslogLine } from './format.ts';
import { resolveAllowed } from './guard.ts';
import type { NotificationMessage, SendResult, Sender } from './types.ts';

export interface SyslogSenderOptions {
  name: string;
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  facility: number;
  /** The language notifications are worded in; English when absent. */
  language?: Language | undefined;
  policy: NetworkPolicy;
  timeoutMs: number;
}

export function createSyslogSender(options: SyslogSenderOptions): Sender {
  const me = hostname();
  return {
    name: options.name,
    async send(message: NotificationMessage): Promise<SendResult> {
      const resolved = await resolveAllowed(options.host, options.policy);
      if (!resolved.ok)
        return { ok: false, permanent: /refused/.test(resolved.error), error: `${options.host}: ${resolved.error}` };
      const line = Buffer.from(syslogLine(message, options.facility, me, options.language ?? 'en'), 'utf8');
      const error =
        options.protocol === 'udp'
          ? await sendUdp(resolved.address, options.port, line)
          : await sendTcp(resolved.address, options.port, line, options.timeoutMs);
      return error === null
        ? { ok: true }
        : { ok: false, permanent: false, error: `${options.host}:${options.port}/${options.protocol}: ${error}` };
    },
    close: () => Promise.resolve(),
  };
}

function sendUdp(address: string, port: number, line: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    socket.send(line, port, address, (error) => {
      socket.close();
      resolve(error ? error.message : null);
    });
  });
}

function sendTcp(address: string, port: number, line: Buffer, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (error: string | null): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('error', (e) => finish(e.message));
    socket.connect(port, address, () => {
      // Octet counting: `LEN SP MSG`, so a message can hold any byte.
      socket.end(Buffer.concat([Buffer.from(`${line.length} `), line]), () => finish(null));
    });
  });
}
