import type { KeyObject } from 'node:crypto'
import { FFA_ERR_WEBHOOK_INVALID } from '../shared/codes.js'
import { describeValue } from '../shared/options.js'
import { hmacVerifier, secretKey, standardVerifier, stripeVerifier, type Verifier } from './verifiers.js'

/** One secret, or several while one rolls over: a request signed by any of them is accepted. */
export type WebhookSecret = string | Buffer | ReadonlyArray<string | Buffer>

interface CommonOptions {
  /** The endpoint's signing secret(s), from the provider's dashboard; several at once for a rotation (old and new). */
  secret: WebhookSecret
  /** The largest body accepted, in bytes (default 1 MiB, Fastify's own default); past it, 413. */
  maxBodySize?: number
  /**
   * `false` runs every delivery, retries included. By default (presets) an event already
   * processed is answered with its first answer, without running the handler again.
   */
  dedupe?: boolean
}

/** Stripe: `Stripe-Signature: t=...,v1=...`; the event id is the payload's `id`. */
export interface StripeWebhookOptions extends CommonOptions {
  preset: 'stripe'
  /** Seconds a signature's timestamp may be away from now, either way (default 300, as Stripe's libraries). */
  tolerance?: number
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex>`; the event id is `X-GitHub-Delivery`. GitHub signs no timestamp. */
export interface GitHubWebhookOptions extends CommonOptions {
  preset: 'github'
}

/** Standard Webhooks (Svix, and the providers that follow standardwebhooks.com): `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
export interface StandardWebhookOptions extends CommonOptions {
  preset: 'standard'
  /** Seconds a signature's timestamp may be away from now, either way (default 300, as the spec's libraries). */
  tolerance?: number
}

/** Where a generic webhook's event id is: a header, or a top-level field of the JSON payload. */
export type EventIdSource = { header: string } | { field: string }

/** Any provider that sends `header: [prefix]hex(HMAC-SHA256(secret, body))` (or base64). */
export interface HmacWebhookOptions extends CommonOptions {
  preset?: 'hmac'
  /** The header carrying the signature: `'X-Signature'`. */
  header: string
  /** How the signature is written (default `'hex'`). */
  encoding?: 'hex' | 'base64'
  /** Written before the signature, like GitHub's `'sha256='` (default none). */
  prefix?: string
  /** Where the event id is, for deduplication (`{ header: 'X-Event-Id' }`, `{ field: 'id' }`); without it, no deduplication. */
  eventId?: EventIdSource
}

/** A `Webhook(...)`'s options: one provider's preset, or the generic HMAC header. */
export type WebhookOptions = StripeWebhookOptions | GitHubWebhookOptions | StandardWebhookOptions | HmacWebhookOptions

/** What a receiver runs on: its verifier and how to find an event's id, made once. */
export interface ResolvedWebhook {
  preset: 'stripe' | 'github' | 'standard' | 'hmac'
  verify: Verifier
  /** `null`: no deduplication. */
  eventId: EventIdSource | null
  maxBodySize: number
  /** The headers the docs show as required: the signature's, and what it signs beside the body. */
  signedHeaders: readonly string[]
}

/** Fastify's own default body limit. */
export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024
/** Stripe's libraries' default, and the Standard Webhooks spec's. */
export const DEFAULT_TOLERANCE = 300

const PRESETS = ['stripe', 'github', 'standard', 'hmac'] as const
const KNOWN: Record<(typeof PRESETS)[number], readonly string[]> = {
  stripe: ['preset', 'secret', 'maxBodySize', 'dedupe', 'tolerance'],
  github: ['preset', 'secret', 'maxBodySize', 'dedupe'],
  standard: ['preset', 'secret', 'maxBodySize', 'dedupe', 'tolerance'],
  hmac: ['preset', 'secret', 'maxBodySize', 'dedupe', 'header', 'encoding', 'prefix', 'eventId'],
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Checks a `Webhook(...)`'s options once, naming the option and the fix; compiles its verifier. */
export function resolveWebhookOptions (options: WebhookOptions): ResolvedWebhook {
  if (typeof options !== 'object' || options === null) fail('Webhook(options)', '(options)', `must be an object like { preset: 'stripe', secret: process.env.STRIPE_WEBHOOK_SECRET }; got ${describeValue(options)}`)
  const preset = options.preset ?? 'hmac'
  if (!(PRESETS as readonly string[]).includes(preset)) {
    fail('Webhook(options)', 'preset', `must be one of ${PRESETS.map((name) => `'${name}'`).join(', ')} (leave it out for the generic HMAC header); got ${describeValue(preset)}`)
  }
  const where = `Webhook({ preset: '${preset}' })`
  for (const key of Object.keys(options)) {
    if (!KNOWN[preset].includes(key)) fail(where, key, `is not an option of this preset; its options are: ${KNOWN[preset].join(', ')}`)
  }
  const keys = secretKeys(where, options.secret, preset === 'standard')
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE
  if (!Number.isSafeInteger(maxBodySize) || maxBodySize < 1) fail(where, 'maxBodySize', `must be a number of bytes of at least 1, like 1048576 (1 MiB, the default); got ${describeValue(maxBodySize)}`)
  const dedupe = options.dedupe ?? true
  if (typeof dedupe !== 'boolean') fail(where, 'dedupe', `must be true or false; got ${describeValue(dedupe)}`)

  if (options.preset === 'stripe' || options.preset === 'standard') {
    const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
    if (!Number.isSafeInteger(tolerance) || tolerance < 1) fail(where, 'tolerance', `must be a number of seconds of at least 1, like 300 (the default); got ${describeValue(tolerance)}`)
    return options.preset === 'stripe'
      ? { preset, verify: stripeVerifier(keys, tolerance), eventId: dedupe ? { field: 'id' } : null, maxBodySize, signedHeaders: ['Stripe-Signature'] }
      : { preset, verify: standardVerifier(keys, tolerance), eventId: dedupe ? { header: 'webhook-id' } : null, maxBodySize, signedHeaders: ['webhook-id', 'webhook-timestamp', 'webhook-signature'] }
  }
  if (options.preset === 'github') {
    return { preset, verify: hmacVerifier(keys, 'x-hub-signature-256', 'X-Hub-Signature-256', 'hex', 'sha256='), eventId: dedupe ? { header: 'x-github-delivery' } : null, maxBodySize, signedHeaders: ['X-Hub-Signature-256'] }
  }
  const { header, encoding = 'hex', prefix = '', eventId } = options as HmacWebhookOptions
  if (header === undefined) fail(where, 'header', "is missing: name the header that carries the signature, like header: 'X-Signature' (or choose a preset: 'stripe', 'github', 'standard')")
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) fail(where, 'header', `must name the header that carries the signature, like 'X-Signature'; got ${describeValue(header)}`)
  if (encoding !== 'hex' && encoding !== 'base64') fail(where, 'encoding', `must be 'hex' or 'base64'; got ${describeValue(encoding)}`)
  if (typeof prefix !== 'string') fail(where, 'prefix', `must be the text before the signature, like 'sha256='; got ${describeValue(prefix)}`)
  const source = eventId === undefined ? null : checkEventId(where, eventId)
  if (options.dedupe === true && source === null) fail(where, 'dedupe', "needs an 'eventId' to know a retry from a new event: add eventId: { header: 'X-Event-Id' } or { field: 'id' }")
  return { preset: 'hmac', verify: hmacVerifier(keys, header, header, encoding, prefix), eventId: dedupe ? source : null, maxBodySize, signedHeaders: [header] }
}

function checkEventId (where: string, eventId: unknown): EventIdSource {
  const source = eventId as Partial<{ header: unknown, field: unknown }> | null
  if (typeof source === 'object' && source !== null && Object.keys(source).length === 1) {
    if (typeof source.header === 'string' && HEADER_NAME.test(source.header)) return { header: source.header.toLowerCase() }
    if (typeof source.field === 'string' && source.field !== '') return { field: source.field }
  }
  return fail(where, 'eventId', `must be { header: 'X-Event-Id' } or { field: 'id' } (a top-level field of the payload); got ${describeValue(eventId)}`)
}

function secretKeys (where: string, secret: unknown, standard: boolean): KeyObject[] {
  const list: unknown[] = Array.isArray(secret) ? secret : [secret]
  if (secret === undefined || list.length === 0) {
    fail(where, 'secret', "is missing: pass the endpoint's signing secret from the provider's dashboard, like secret: process.env.WEBHOOK_SECRET (an array of them while one rotates)")
  }
  return list.map((one, index) => {
    const name = Array.isArray(secret) ? `secret[${index}]` : 'secret'
    if (Buffer.isBuffer(one) && one.length > 0 && !standard) return secretKey(one)
    // Never the value in the message: it may be a secret in the wrong place.
    if (typeof one !== 'string' || one === '') fail(where, name, `must be a non-empty string${standard ? '' : ' or Buffer'}; got ${one === '' ? 'an empty string (is the environment variable set?)' : one === null ? 'null' : typeof one}`)
    if (!standard) return secretKey(one)
    // Standard Webhooks: `whsec_` then the key's bytes in base64.
    const encoded = one.startsWith('whsec_') ? one.slice(6) : one
    const bytes = Buffer.from(encoded, 'base64')
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || bytes.length === 0) fail(where, name, "must be the provider's secret as it gives it, 'whsec_' then base64; this one is not base64")
    return secretKey(bytes)
  })
}

function fail (where: string, option: string, message: string): never {
  throw new FFA_ERR_WEBHOOK_INVALID(where, `option '${option}' ${message}`)
}
