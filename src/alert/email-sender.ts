/**
 * E-mail over SMTP (nodemailer). The server's name is resolved and vetted by the SSRF guard first,
 * then nodemailer connects to that address, with the name kept for TLS verification.
 */
import nodemailer from 'nodemailer';
import type { NetworkPolicy } from '../fetch/types.ts';
import type { Language } from '../messages/index.ts';
import { emailText, subjectOf } from './format.ts';
import { resolveAllowed } from './guard.ts';
import type { NotificationMessage, SendResult, Sender } from './types.ts';

export interface EmailSenderOptions {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
  to: readonly string[];
  /** The language notifications are worded in; English when absent. */
  language?: Language | undefined;
  policy: NetworkPolicy;
  timeoutMs: number;
}

export function createEmailSender(options: EmailSenderOptions): Sender {
  return {
    name: options.name,
    async send(message: NotificationMessage): Promise<SendResult> {
      const resolved = await resolveAllowed(options.host, options.policy);
      if (!resolved.ok)
        return { ok: false, permanent: /refused/.test(resolved.error), error: `${options.host}: ${resolved.error}` };
      const transport = nodemailer.createTransport({
        host: resolved.address,
        port: options.port,
        secure: options.secure,
        ...(options.user ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
        tls: { servername: options.host },
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      try {
        await transport.sendMail({
          from: options.from,
          to: [...options.to],
          subject: subjectOf(message, options.language ?? 'en'),
          text: emailText(message, options.language ?? 'en'),
          headers: { 'X-Mamori-Incident': String(message.incidentId), 'X-Mamori-Event': message.event },
        });
        return { ok: true };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx SMTP replies are permanent (bad recipient, refused sender); everything else may pass.
        return {
          ok: false,
          permanent: typeof code === 'number' && code >= 500,
          error: `${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`,
        };
      } finally {
        transport.close();
      }
    },
    close: () => Promise.resolve(),
  };
}
