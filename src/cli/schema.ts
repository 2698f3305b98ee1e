/**
 * `kubesim schema [--markdown]`: print the JSON Schema of the Scenario document (for editors:
 * `kubesim schema > scenario.schema.json`, then `# yaml-language-server: $schema=./scenario.schema.json` atop a
 * scenario file), or the field reference as Markdown.
 */
import { defineCommand } from './io.js';
import { scenarioFieldsMarkdown, scenarioJsonSchemaText } from '../scenario/schema.js';

export const schemaCommand = defineCommand({
  command: 'schema',
  describe: 'Print the JSON Schema of the Scenario document',
  builder: (y) =>
    y.option('markdown', { type: 'boolean', describe: 'Print the field reference as a Markdown table instead' }),
  handler: (args) => {
    args.io.out(args.markdown ? scenarioFieldsMarkdown() : scenarioJsonSchemaText());
  },
});
