/**
 * The Jupyter messaging protocol v5 wire format: how one message becomes
 * ZeroMQ frames and back.
 *
 *   [routing identities…, "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers…]
 *
 * The HMAC-SHA256 signature covers the four JSON frames in that order, keyed
 * with the connection file's `key`.
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID } from "node:crypto";

const DELIMITER = Buffer.from("<IDS|MSG>");

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface JupyterMessage {
  header: MessageHeader;
  /** The header of the request this message answers; `{}` for requests. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

export function newMessage(msgType: string, session: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: "collapse-lab",
      date: new Date().toISOString(),
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

function sign(key: string, parts: readonly (string | Buffer)[]): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** Frames for a DEALER socket: the kernel's ROUTER adds our identity itself. */
export function encodeMessage(key: string, message: JupyterMessage): (string | Buffer)[] {
  const body = [
    JSON.stringify(message.header),
    JSON.stringify(message.parent_header),
    JSON.stringify(message.metadata),
    JSON.stringify(message.content),
  ];
  return [DELIMITER, sign(key, body), ...body];
}

/**
 * Parses frames from a DEALER or SUBSCRIBER socket. Anything before the
 * delimiter (routing identities, pub/sub topics) is skipped. A wrong signature
 * throws: it means the frames did not come from the kernel we started.
 */
export function decodeMessage(key: string, frames: readonly Buffer[]): JupyterMessage {
  const delimiterAt = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (delimiterAt < 0 || frames.length < delimiterAt + 6) {
    throw new Error(`malformed Jupyter message: ${frames.length} frames, delimiter at ${delimiterAt}`);
  }
  const signature = frames[delimiterAt + 1].toString();
  const body = frames.slice(delimiterAt + 2, delimiterAt + 6);
  if (key !== "" && signature !== sign(key, body)) {
    throw new Error("Jupyter message with an invalid HMAC signature");
  }
  const [header, parentHeader, metadata, content] = body.map((frame) => JSON.parse(frame.toString()));
  return { header, parent_header: parentHeader, metadata, content };
}
