import ts from 'typescript'

/** Payload Local API operations that run access control. */
const OPERATIONS = new Set([
  'count',
  'countVersions',
  'create',
  'delete',
  'duplicate',
  'find',
  'findByID',
  'findDistinct',
  'findGlobal',
  'findGlobalVersions',
  'findVersionByID',
  'findVersions',
  'restoreVersion',
  'update',
  'updateGlobal',
])

export type LocalApiFinding = { file: string; line: number; call: string; problem: string }

/**
 * Finds Payload Local API calls (`payload.find(...)`, `req.payload.update(...)`, …) that pass a
 * `user` or a `req` but no explicit `overrideAccess`. Payload defaults `overrideAccess` to
 * `true` even when a user is given, so such a call silently skips every access rule.
 *
 * A call whose argument is not an object literal cannot be checked and is reported too.
 *
 * @param file path used in findings; @param source the file's text.
 * @returns one finding per offending call, with a 1-based line number.
 */
export function findUnguardedLocalApiCalls(file: string, source: string): LocalApiFinding[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind)
  const findings: LocalApiFinding[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const op = node.expression.name.text
      const receiver = node.expression.expression
      const receiverName = ts.isIdentifier(receiver)
        ? receiver.text
        : ts.isPropertyAccessExpression(receiver)
          ? receiver.name.text
          : ''
      if (OPERATIONS.has(op) && /^payload$/i.test(receiverName)) {
        const problem = checkArgs(node.arguments[0])
        if (problem) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf))
          findings.push({ file, line: line + 1, call: `${receiver.getText(sf)}.${op}`, problem })
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return findings
}

function checkArgs(arg: ts.Expression | undefined): string | null {
  if (!arg) return null
  if (!ts.isObjectLiteralExpression(arg))
    return 'argument is not an object literal, so overrideAccess cannot be checked'
  const names = new Set<string>()
  for (const prop of arg.properties) {
    if (ts.isSpreadAssignment(prop))
      return 'argument spreads another object, so overrideAccess cannot be checked'
    if (prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) names.add(prop.name.text)
  }
  if ((names.has('user') || names.has('req')) && !names.has('overrideAccess')) {
    return `passes ${names.has('user') ? 'user' : 'req'} without an explicit overrideAccess`
  }
  return null
}
