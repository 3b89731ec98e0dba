import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'

/** The CSP source that allows exactly this inline `<script>` text: `'sha256-…'`. */
export function scriptHashSource (script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`
}

/** What one page needs beyond a policy that allows this server's own files. */
export interface PageSources {
  /** Sources for its `<script>` elements: the hashes of its inline scripts. */
  scripts?: readonly string[]
  /** Sources for its workers: `blob:` for a worker made from a script in memory. */
  workers?: readonly string[]
}

const POLICY_HEADERS = ['content-security-policy', 'content-security-policy-report-only']

// The directive the browser applies to each kind, then its fallbacks (CSP Level 3), and the
// one to write when only a fallback is there.
const SCRIPTS = { chain: ['script-src-elem', 'script-src', 'default-src'], own: 'script-src' }
const WORKERS = { chain: ['worker-src', 'child-src', 'script-src', 'default-src'], own: 'worker-src' }

/**
 * Lets a page of ours work under whatever Content-Security-Policy the reply already carries
 * (SecurityHeadersMiddleware's, or one your hook set): its sources are added to the directive
 * that governs them (`script-src-elem`, else `script-src`, else a `script-src` made from
 * `default-src`; the same for workers). Only this reply is changed, by only what the page
 * needs: the app's policy is not loosened. A reply without a policy is left alone.
 *
 * @example
 * allowPageSources(reply, { scripts: [scriptHashSource(initScript)] })
 */
export function allowPageSources (reply: FastifyReply, sources: PageSources): void {
  const { scripts = [], workers = [] } = sources
  if (scripts.length === 0 && workers.length === 0) return
  for (const name of POLICY_HEADERS) {
    const value = reply.getHeader(name)
    if (value === undefined) continue
    const extend = (policy: string): string => {
      const directives = policy.split(';').map((directive) => directive.trim()).filter((directive) => directive !== '')
      // Workers first: a worker-src made from script-src takes it without the page's hashes.
      if (workers.length > 0) addSources(directives, WORKERS, workers)
      if (scripts.length > 0) addSources(directives, SCRIPTS, scripts)
      return directives.join(';')
    }
    reply.header(name, Array.isArray(value) ? value.map((policy) => extend(String(policy))) : extend(String(value)))
  }
}

function addSources (directives: string[], kind: { chain: string[], own: string }, sources: readonly string[]): void {
  const nameOf = (directive: string): string => (directive.split(/\s+/, 1)[0] as string).toLowerCase()
  for (const name of kind.chain) {
    const index = directives.findIndex((directive) => nameOf(directive) === name)
    if (index === -1) continue
    // 'none' allows nothing, and cannot stand beside a source.
    const values = (directives[index] as string).split(/\s+/).slice(1).filter((value) => value !== "'none'" && !sources.includes(value))
    const extended = [name === kind.chain[0] ? name : kind.own, ...values, ...sources].join(' ')
    if (name === kind.chain[0] || name === kind.own) directives[index] = extended
    else directives.push(extended)
    return
  }
  // No directive at all: the kind is not restricted.
}
