import { createSecretKey, type KeyObject } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { HTTPException } from '../errors/http-exception.js'
import { decodeSignature, hmacSha256, sameSignature } from './signature.js'

/** What a verified request's headers said: its timestamp (seconds), when the provider signs one. */
export interface VerifiedHeaders {
  timestamp: number | undefined
}

/**
 * Checks a request's signature over its exact body, at `now` (seconds since the epoch);
 * throws a 400 (the header is missing or malformed) or a 401 (no secret signed it, or its
 * timestamp is outside the tolerance window). The answers name the header, never a secret
 * nor the signature that was expected.
 */
export type Verifier = (headers: IncomingHttpHeaders, body: Buffer, now: number) => VerifiedHeaders

const NO_TIMESTAMP: VerifiedHeaders = Object.freeze({ timestamp: undefined })

function missing (header: string): HTTPException {
  return new HTTPException(400, `Missing the ${header} header`)
}

function malformed (header: string): HTTPException {
  return new HTTPException(400, `Malformed ${header} header`)
}

const NO_MATCH = 'Webhook signature does not match'
const STALE = 'Webhook timestamp outside the tolerance window'

function headerOf (headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  // A repeated header is ambiguous: which copy did the provider sign? Refused as malformed.
  return Array.isArray(value) ? '' : value
}

function checkTimestamp (timestamp: number, now: number, tolerance: number): void {
  // Both ways: a timestamp from the future is as unsigned-for-now as a stale one (Standard Webhooks does the same).
  if (Math.abs(now - timestamp) > tolerance) throw new HTTPException(401, STALE)
}

const TIMESTAMP = /^\d{1,15}$/

/** The generic verifier: `header: [prefix]hex-or-base64(HMAC-SHA256(secret, body))`, GitHub's among them. */
export function hmacVerifier (keys: readonly KeyObject[], header: string, display: string, encoding: 'hex' | 'base64', prefix: string): Verifier {
  const name = header.toLowerCase()
  return function verifyHmac (headers, body) {
    const value = headerOf(headers, name)
    if (value === undefined) throw missing(display)
    const sent = value.startsWith(prefix) ? decodeSignature(value.slice(prefix.length), encoding) : undefined
    if (sent === undefined) throw malformed(display)
    for (const key of keys) {
      if (sameSignature(sent, hmacSha256(key, '', body))) return NO_TIMESTAMP
    }
    throw new HTTPException(401, NO_MATCH)
  }
}

/**
 * Stripe's `Stripe-Signature: t=1492774577,v1=5257a8...,v1=...`: HMAC-SHA256 of `${t}.${body}`
 * in hex, keyed with the endpoint's secret as it is written (`whsec_...`). Several `v1` are
 * fine (Stripe sends one per active secret while one rolls); other schemes (`v0`) are ignored.
 */
export function stripeVerifier (keys: readonly KeyObject[], tolerance: number): Verifier {
  return function verifyStripe (headers, body, now) {
    const value = headerOf(headers, 'stripe-signature')
    if (value === undefined) throw missing('Stripe-Signature')
    let timestamp: number | undefined
    const signatures: Buffer[] = []
    for (const part of value.split(',')) {
      const equals = part.indexOf('=')
      const scheme = part.slice(0, equals).trim()
      const text = part.slice(equals + 1).trim()
      if (scheme === 't' && TIMESTAMP.test(text)) timestamp = Number(text)
      else if (scheme === 'v1') {
        const signature = decodeSignature(text, 'hex')
        if (signature !== undefined) signatures.push(signature)
      }
    }
    if (timestamp === undefined || signatures.length === 0) throw malformed('Stripe-Signature')
    checkTimestamp(timestamp, now, tolerance)
    const signed = `${timestamp}.`
    for (const key of keys) {
      const expected = hmacSha256(key, signed, body)
      for (const signature of signatures) if (sameSignature(signature, expected)) return { timestamp }
    }
    throw new HTTPException(401, NO_MATCH)
  }
}

/**
 * Standard Webhooks (standardwebhooks.com, Svix's): `webhook-signature: v1,<base64> v1,<base64>`,
 * each an HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}` keyed with the base64
 * bytes of the `whsec_` secret.
 */
export function standardVerifier (keys: readonly KeyObject[], tolerance: number): Verifier {
  return function verifyStandard (headers, body, now) {
    const id = headerOf(headers, 'webhook-id')
    const sentTimestamp = headerOf(headers, 'webhook-timestamp')
    const value = headerOf(headers, 'webhook-signature')
    if (id === undefined) throw missing('webhook-id')
    if (sentTimestamp === undefined) throw missing('webhook-timestamp')
    if (value === undefined) throw missing('webhook-signature')
    if (id === '' || !TIMESTAMP.test(sentTimestamp)) throw malformed(id === '' ? 'webhook-id' : 'webhook-timestamp')
    const signatures: Buffer[] = []
    for (const part of value.split(' ')) {
      // Other versions (`v1a,` asymmetric) are not ours to check.
      if (!part.startsWith('v1,')) continue
      const signature = decodeSignature(part.slice(3), 'base64')
      if (signature !== undefined) signatures.push(signature)
    }
    if (signatures.length === 0) throw malformed('webhook-signature')
    const timestamp = Number(sentTimestamp)
    checkTimestamp(timestamp, now, tolerance)
    const signed = `${id}.${sentTimestamp}.`
    for (const key of keys) {
      const expected = hmacSha256(key, signed, body)
      for (const signature of signatures) if (sameSignature(signature, expected)) return { timestamp }
    }
    throw new HTTPException(401, NO_MATCH)
  }
}

/** A secret as an HMAC key, made once at registration. */
export function secretKey (secret: string | Buffer): KeyObject {
  return createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret)
}
