/** `vmqlint show --format json`: the model document, readable back as input. */
import type { Host, ModelDocument } from '../model/host.js';

export function formatModelDocument(hosts: Host[], tool: { name: string; version: string }): string {
  const doc: ModelDocument = { schemaVersion: 1, tool, hosts };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
