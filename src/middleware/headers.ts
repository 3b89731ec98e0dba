import type { FastifyReply } from 'fastify'
import { FFA_ERR_OPTION_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'

/**
 * Adds `token` to the reply's `Vary`, after what a route or another hook put there, as
 * Starlette's `headers["Vary"] = ", ".join([*headers.getlist("Vary"), token])` does; a token
 * already listed (any case) or a `Vary: *` is left alone rather than written twice.
 */
export function addVary (reply: FastifyReply, token: string): void {
  const current = reply.getHeader('vary')
  if (current === undefined) {
    reply.header('vary', token)
    return
  }
  const text = Array.isArray(current) ? current.join(', ') : String(current)
  const wanted = token.toLowerCase()
  for (const listed of text.split(',')) {
    const name = listed.trim().toLowerCase()
    if (name === wanted || name === '*') return
  }
  reply.header('vary', text === '' ? token : `${text}, ${token}`)
}

// RFC 9110's token: a header name or a method.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** A list option of header names or methods (`'*'` allowed when `star`), checked at registration. */
export function checkTokenList (plugin: string, option: string, value: unknown, example: string): string[] {
  if (!Array.isArray(value)) {
    throw new FFA_ERR_OPTION_INVALID(plugin, option, `must be an array of names, like ${example}; got ${describeValue(value)}`)
  }
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || !TOKEN.test(item)) {
      throw new FFA_ERR_OPTION_INVALID(plugin, `${option}[${index}]`, `must be a name of letters, digits and !#$%&'*+-.^_\`|~ (or '*'), like ${example}; got ${describeValue(item)}`)
    }
  })
  return [...value as string[]]
}
