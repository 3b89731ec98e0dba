import type { FastifyReply } from 'fastify'
import { allowPageSources, scriptHashSource, type PageSources } from '../middleware/content-security-policy.js'

/** A docs page, with what it needs of a Content-Security-Policy. */
export interface HtmlPage {
  html: string
  sources: PageSources
}

/** A page whose inline `<script>`s hold exactly `inlineScripts` (hashed once for its CSP), and which makes `workers`. */
export function htmlPage (html: string, inlineScripts: readonly string[], workers: readonly string[] = []): HtmlPage {
  return { html, sources: { scripts: inlineScripts.map(scriptHashSource), workers } }
}

/**
 * Sends a docs page. Under a Content-Security-Policy (SecurityHeadersMiddleware's), its
 * inline scripts are allowed by their hashes, on this reply only: the app's policy stays as
 * strict as it is, and the page still works.
 */
export function sendHtmlPage (reply: FastifyReply, page: HtmlPage): FastifyReply {
  allowPageSources(reply, page.sources)
  return reply.type('text/html; charset=utf-8').send(page.html)
}

/** Text for an HTML page: `<`, `&` and quotes escaped. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** A value as JavaScript inside a `<script>`: JSON, with `<` escaped so no `</script>` ends it early. */
export function scriptValue (value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
