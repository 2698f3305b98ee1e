/**
 * `kubesim schema [--markdown]`: print the JSON Schema of the Scenario document (for editors:
 * `kubesim schema > scenario.schema.json`, then `# yaml-language-server: $schema=./scenario.schema.json` atop a
 * scenario file), or the field reference as Markdown.
 */
import type { Argv, CommandModule } from 'yargs';
import { scenarioFieldsMarkdown, scenarioJsonSchemaText } from '../scenario/schema.js';

interface SchemaArgs {
  markdown?: boolean;
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema of the Scenario document',
  builder: (y: Argv) =>
    y.option('markdown', { type: 'boolean', describe: 'Print the field reference as a Markdown table instead' }),
  handler: (args) => {
    process.stdout.write(args.markdown ? scenarioFieldsMarkdown() : scenarioJsonSchemaText());
  },
};
