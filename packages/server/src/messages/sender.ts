import pino from 'pino';

/*
 * Senders deliver queued messages to members' phones. The bundled one writes to the log; a real SMS or WhatsApp
 * provider registers a factory under a name and is chosen by configuration:
 *
 *   KHATA_MESSAGE_SENDER=console   (default) logs how many messages went and their ids, nothing else
 *   KHATA_MESSAGE_SENDER=none      sends nothing; messages wait in the outbox
 *   KHATA_MESSAGE_SENDER=<name>    a provider registered with registerMessageSender(name, factory)
 *   KHATA_MESSAGE_INTERVAL_MS      how often the server looks for waiting messages (10000)
 *
 * Personal data never goes to the log: no phone numbers, no names, no message text. Only for local development,
 * KHATA_MESSAGE_CONSOLE_CONTENT=1 makes the console sender print each text with the number masked to its last
 * four digits.
 */

export interface OutgoingMessage {
  id: string;
  channel: 'sms' | 'whatsapp';
  /** The member's phone number (10 digits). */
  to: string;
  language: string;
  body: string;
}

export interface SendResult {
  id: string;
  ok: boolean;
  /** The provider's error code when not sent: a code, never the number or the text. */
  error?: string;
}

export interface MessageSender {
  readonly name: string;
  send(batch: OutgoingMessage[]): Promise<SendResult[]>;
}

/** Where senders report: pino's (and Fastify's) logger fits. */
export interface MessageLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type SenderFactory = (env: Record<string, string | undefined>, log: MessageLog) => MessageSender;

function masked(phone: string): string {
  return `XXXXXX${phone.slice(-4)}`;
}

/** The bundled sender: the log stands in for the phone network. */
export function consoleSender(options: { log?: MessageLog; showContent?: boolean } = {}): MessageSender {
  const log = options.log ?? pino();
  return {
    name: 'console',
    async send(batch) {
      log.info({ sender: 'console', count: batch.length, ids: batch.map((m) => m.id) }, 'messages sent (console sender)');
      if (options.showContent) {
        for (const m of batch) log.info({ id: m.id, channel: m.channel, language: m.language, to: masked(m.to), body: m.body }, 'message text (KHATA_MESSAGE_CONSOLE_CONTENT, local development only)');
      }
      return batch.map((m) => ({ id: m.id, ok: true }));
    },
  };
}

const FACTORIES = new Map<string, SenderFactory>([
  ['console', (env, log) => consoleSender({ log, showContent: env.KHATA_MESSAGE_CONSOLE_CONTENT === '1' })],
]);

/** Plugs a provider in: `KHATA_MESSAGE_SENDER=<name>` then selects it. */
export function registerMessageSender(name: string, factory: SenderFactory): void {
  if (name === 'none') throw new Error('"none" means no sender');
  FACTORIES.set(name, factory);
}

/** The configured sender, or null for `none`. An unknown name is a configuration error, said at start. */
export function messageSenderFromEnv(env: Record<string, string | undefined> = process.env, log: MessageLog = pino()): MessageSender | null {
  const name = (env.KHATA_MESSAGE_SENDER ?? 'console').trim() || 'console';
  if (name === 'none') return null;
  const factory = FACTORIES.get(name);
  if (!factory) throw new Error(`KHATA_MESSAGE_SENDER=${name}: no such message sender (known: none, ${[...FACTORIES.keys()].join(', ')})`);
  return factory(env, log);
}
