/**
 * A reply that is JSON text already (a page PostgreSQL wrote out with
 * `json_agg`): the RPC server puts the text into the reply as it is, so the
 * answering service never turns it into objects only to write them out
 * again (for a 100,000-user list: row parsing, the objects, their garbage
 * and JSON.stringify, most of user-store's CPU in a re-sync). The receiver
 * parses and validates it like any other reply. `T` names the shape the
 * text holds, for the handler's signature.
 */
export class JsonText<T = unknown> {
  declare readonly holds?: T;

  constructor(readonly text: string) {}
}

/** Stands for the JsonText while the rest of the reply is written out. */
const SLOT = '\u0000json-text\u0000';
const SLOT_JSON = JSON.stringify(SLOT);

/** `value`'s JSON with `text` in the place of its last property, which holds SLOT. */
function withTextLast(value: Record<string, unknown>, text: string): string {
  const json = JSON.stringify(value);
  return `${json.slice(0, json.length - SLOT_JSON.length - 1)}${text}}`;
}

/**
 * The JSON of a reply as Nest hands it to the transport (`{response, …}`,
 * `response` being the `{status, value}` envelope); a JsonText value is
 * written in as it is. The slots are each written last, so no string
 * elsewhere in the reply can be taken for them.
 */
export function replyJson(reply: Record<string, unknown>): string {
  const { response: envelope, ...rest } = reply;
  if (envelope === null || typeof envelope !== 'object') return JSON.stringify(reply);
  const { value, ...status } = envelope as Record<string, unknown>;
  if (!(value instanceof JsonText)) return JSON.stringify(reply);
  const envelopeJson = withTextLast({ ...status, value: SLOT }, value.text);
  return withTextLast({ ...rest, response: SLOT }, envelopeJson);
}
