// The text of a function's (or a class constructor's) parameter list, found by balancing
// brackets from its first "(": defaults may hold calls and objects.
function parameterSource (source: string): string | undefined {
  const start = source.startsWith('class') ? source.search(/\bconstructor\s*\(/) : 0
  if (start === -1) return '' // a class without a constructor takes nothing
  const open = source.indexOf('(', start)
  const arrow = source.indexOf('=>')
  // `context => ...`: a bare identifier, no parentheses before the arrow.
  if (open === -1 || (arrow !== -1 && arrow < open)) return undefined
  let depth = 0
  for (let index = open; index < source.length; index++) {
    const char = source[index]
    if (char === '(' || char === '{' || char === '[') depth++
    else if (char === ')' || char === '}' || char === ']') {
      depth--
      if (depth === 0) return source.slice(open + 1, index)
    }
  }
  return undefined
}

/**
 * Whether a dependency function may read `securityScopes` from its context. FastAPI keys its
 * per-request cache on the scopes only for dependencies that read them; getting this wrong
 * in the unsafe direction would let a value made for one set of scopes serve another (an
 * authorization bypass), so only a function that provably cannot see them is `false`: one
 * that takes nothing, or destructures its context without `securityScopes` or a rest element.
 * Any other (a `context` parameter passed on to a helper) counts as reading them.
 */
export function mayReadScopes (fn: (...args: never[]) => unknown): boolean {
  const source = Function.prototype.toString.call(fn)
  if (/\barguments\b/.test(source)) return true
  const parameters = parameterSource(source)
  if (parameters === undefined) return true
  const first = parameters.trim()
  if (first === '') return false
  if (!first.startsWith('{')) return true
  return first.includes('...') || first.includes('securityScopes')
}
