import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Issue 21, item 6: what an editor shows an application that imports @paylinks/core (its built
// .d.ts, as installed). A virtual file beside this one is compiled by the TypeScript language
// service; its types and quick info are read as an editor reads them.

const here = dirname(fileURLToPath(import.meta.url));
const probePath = join(here, '__editor_probe__.ts');
const probe = `
import { createPaymentLinks, checkCreate, type CreatePaymentLinkInput } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
const links = createPaymentLinks({ provider: 'costplus', costplus: { apiKey: 'k' } }, { costplus });
export async function run(input: CreatePaymentLinkInput) {
  const link = await links.create(input);
  const expiry = link.expiresAt;
  const status = link.status;
  const attempts = link.attempts;
  const amount = link.amount;
  const customer = link.customer;
  const item = link.lineItems?.[0];
  const report = checkCreate(input, [links]);
  const all = await links.list().toArray({ limit: 10 });
  return { link, expiry, status, attempts, amount, customer, item, report, all };
}
`;

function service(): ts.LanguageService {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [probePath],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = file === probePath ? probe : ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => here,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => file === probePath || ts.sys.fileExists(file),
    readFile: (file) => (file === probePath ? probe : ts.sys.readFile(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    // pnpm links packages: without realpath, core's types reached through an adapter are another copy.
    realpath: ts.sys.realpath!,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

const ls = service();

/** The quick info an editor shows with the cursor on the member in `a.b` (the first such text in the probe). */
function hover(text: string): { display: string; docs: string } {
  const info = ls.getQuickInfoAtPosition(probePath, probe.indexOf(text) + text.lastIndexOf('.') + 1);
  return {
    display: ts.displayPartsToString(info?.displayParts),
    docs: ts.displayPartsToString(info?.documentation),
  };
}

/** `typeToString` of a variable declared in the probe. */
function typeOf(name: string): string {
  const program = ls.getProgram()!;
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probePath)!;
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === name)
      found = checker.typeToString(checker.getTypeAtLocation(node.name));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found ?? `(no variable ${name})`;
}

describe('what an editor shows for @paylinks/core', () => {
  it('compiles the probe without errors', () => {
    const diagnostics = [...ls.getSyntacticDiagnostics(probePath), ...ls.getSemanticDiagnostics(probePath)];
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('names the model types instead of spelling out their codecs', () => {
    expect({
      link: typeOf('link'),
      status: typeOf('status'),
      attempts: typeOf('attempts'),
      amount: typeOf('amount'),
      customer: typeOf('customer'),
      item: typeOf('item'),
      report: typeOf('report'),
      all: typeOf('all'),
    }).toEqual({
      link: 'PaymentLink',
      status: 'LinkStatus',
      attempts: 'Attempts',
      amount: 'Money',
      customer: 'Customer | undefined',
      item: 'LineItem | undefined',
      report: 'CheckReport<CreatePaymentLinkInput>',
      all: 'PaymentLink[]',
    });
  });

  it('shows the TSDoc of the client operations and of every link field asked about', () => {
    expect(hover('links.create')).toMatchObject({
      display: expect.stringMatching(
        /^\(method\) PaymentLinks\.create\(input: CreatePaymentLinkInput, .*\): Promise<PaymentLink>$/,
      ),
      docs: expect.stringMatching(/^Creates a payment link/),
    });
    expect(hover('link.expiresAt')).toEqual({
      display: '(property) PaymentLink.expiresAt?: Date | undefined',
      docs: 'When the link expires and can no longer be paid, where the provider says.',
    });
    expect(hover('link.status')).toMatchObject({
      display: '(property) PaymentLink.status: LinkStatus',
      docs: expect.stringMatching(/^Where the link stands: `unified`/),
    });
    expect(hover('link.attempts')).toMatchObject({
      display: '(property) PaymentLink.attempts: Attempts',
      docs: expect.stringMatching(/^The payment attempts made through the link/),
    });
  });
});
