import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { FFA_ERR_OPTION_INVALID, FFA_ERR_PASSWORD_INVALID } from '../../shared/codes.js'
import { checkOptionsObject, checkPositiveInteger, describeValue } from '../../shared/options.js'
import { formatScryptHash, parseScryptHash, type ScryptParameters } from './scrypt-format.js'

/** How `passwordHasher` hashes: scrypt's parameters and the longest password it takes. */
export interface PasswordHasherOptions {
  /**
   * scrypt's cost as a power of two, N = 2^cost: 17 (N = 131 072), OWASP's minimum for scrypt.
   * Each step doubles the time and the memory (128 MiB at 17, with blockSize 8).
   */
  cost?: number
  /** scrypt's block size r: 8, OWASP's minimum. */
  blockSize?: number
  /** scrypt's parallelization p: 1, OWASP's value with cost 17. */
  parallelization?: number
  /**
   * The longest password accepted, in UTF-8 bytes after normalization: 1024. A longer one is
   * refused by `hash` and never matches in `verify`, so no request can make the server hash
   * megabytes. Check it in the request's schema too (`z.string().max(...)`), for a 422.
   */
  maxPasswordBytes?: number
}

/** Hashes and verifies passwords with one set of parameters (see `passwordHasher`). */
export interface PasswordHasher {
  /** A new salted hash: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`. */
  hash (password: string): Promise<string>
  /** Whether `password` is the one `hash` was made from, compared in constant time; `false` for anything that is not one of our hashes. */
  verify (password: string, hash: string): Promise<boolean>
  /** Whether `hash` was made with other parameters than these (or is not one of ours): hash the password again at the next login. */
  needsRehash (hash: string): boolean
  /** The parameters in use. */
  readonly parameters: Readonly<ScryptParameters>
}

const NAME = 'passwordHasher'
const SALT_BYTES = 16
const KEY_BYTES = 32
// Bounds on what a stored hash may ask of `verify`: a tampered `ln=40` must not make the
// server try to allocate terabytes.
const MAX_VERIFY_MEMORY = 256 * 1024 * 1024
const MAX_PARALLELIZATION = 16
const MIN_HASH_BYTES = 16
const MAX_HASH_BYTES = 64

const DEFAULTS: Required<PasswordHasherOptions> = { cost: 17, blockSize: 8, parallelization: 1, maxPasswordBytes: 1024 }

/** What scrypt allocates (OpenSSL's own count, which `maxmem` is checked against). */
function memoryOf ({ ln, r, p }: ScryptParameters): number {
  return 128 * r * (2 ** ln + 2 + p)
}

function deriveKey (password: Buffer, salt: Buffer, length: number, parameters: ScryptParameters): Promise<Buffer> {
  const { ln, r, p } = parameters
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N: 2 ** ln, r, p, maxmem: memoryOf(parameters) + 1024 * 1024 },
      (error, key) => { if (error === null) resolve(key); else reject(error) })
  })
}

// NIST SP 800-63B (5.1.1.2) asks verifiers to normalize with NFKC or NFKD: "é" typed as one
// code point or as "e" and an accent, or a full-width letter from an IME, is the same password.
function encode (password: string): Buffer {
  return Buffer.from(password.normalize('NFKC'), 'utf8')
}

function checkPassword (where: string, password: unknown): asserts password is string {
  if (typeof password !== 'string') {
    throw new FFA_ERR_PASSWORD_INVALID(`${where}: the password must be a string; got ${typeof password}.`)
  }
}

// NFKC shrinks a string by composing characters, but never below a quarter of its UTF-16
// length in UTF-8 bytes (α with three accents, four code units, is ᾂ, three bytes): a longer
// string is over the limit whatever it normalizes to, and is not normalized at all.
function surelyTooLong (password: string, maxBytes: number): boolean {
  return password.length > 4 * maxBytes
}

/**
 * A password hasher with its own scrypt parameters (`node:crypto`, nothing to install).
 * The defaults are OWASP's for scrypt (N = 2^17, r = 8, p = 1: 128 MiB and a few tenths of
 * a second per hash on one core, run on libuv's thread pool so the event loop goes on);
 * `hashPassword`, `verifyPassword` and `needsRehash` use them.
 *
 * @example
 * const hasher = passwordHasher({ cost: 18 })        // twice the work of the default
 * if (await hasher.verify(form.password, user.hashed_password) && hasher.needsRehash(user.hashed_password)) {
 *   await db.users.update(user.id, { hashed_password: await hasher.hash(form.password) })
 * }
 */
export function passwordHasher (options?: PasswordHasherOptions): PasswordHasher {
  const given = checkOptionsObject(NAME, options, Object.keys(DEFAULTS)) as PasswordHasherOptions
  const { cost, blockSize, parallelization, maxPasswordBytes } = { ...DEFAULTS, ...given }
  if (!Number.isInteger(cost) || cost < 10 || cost > 22) {
    throw new FFA_ERR_OPTION_INVALID(NAME, 'cost', `must be an integer from 10 to 22 (N = 2^cost; OWASP asks 17 or more); got ${describeValue(cost)}`)
  }
  checkPositiveInteger(NAME, 'blockSize', blockSize, 'like 8')
  checkPositiveInteger(NAME, 'parallelization', parallelization, 'like 1')
  checkPositiveInteger(NAME, 'maxPasswordBytes', maxPasswordBytes, 'like 1024')
  const parameters: ScryptParameters = Object.freeze({ ln: cost, r: blockSize, p: parallelization })
  const memory = memoryOf(parameters)
  if (parallelization > MAX_PARALLELIZATION || memory > 2 ** 31) {
    throw new FFA_ERR_OPTION_INVALID(NAME, 'cost', `with blockSize ${blockSize} and parallelization ${parallelization} asks for ${Math.round(memory / 2 ** 20)} MiB per hash; keep it within 2 GiB and parallelization within ${MAX_PARALLELIZATION}`)
  }
  // A stored hash may use up to twice our memory (hashes made before a cost was lowered).
  const verifyMemory = Math.max(MAX_VERIFY_MEMORY, 2 * memory)

  return {
    parameters,
    async hash (password: string): Promise<string> {
      checkPassword('hashPassword', password)
      const bytes = surelyTooLong(password, maxPasswordBytes) ? undefined : encode(password)
      if (bytes === undefined || bytes.length > maxPasswordBytes) {
        const length = bytes?.length ?? Buffer.byteLength(password)
        throw new FFA_ERR_PASSWORD_INVALID(`hashPassword: the password is ${length} bytes long (UTF-8), over the limit of ${maxPasswordBytes} (maxPasswordBytes). Refuse it in the request's schema (z.string().max(...)) so that the client gets a 422, or raise maxPasswordBytes.`)
      }
      const salt = randomBytes(SALT_BYTES)
      const hash = await deriveKey(bytes, salt, KEY_BYTES, parameters)
      return formatScryptHash({ ...parameters, salt, hash })
    },
    async verify (password: string, stored: string): Promise<boolean> {
      checkPassword('verifyPassword', password)
      const parsed = parseScryptHash(stored)
      if (parsed === undefined || parsed.p > MAX_PARALLELIZATION || memoryOf(parsed) > verifyMemory ||
        parsed.hash.length < MIN_HASH_BYTES || parsed.hash.length > MAX_HASH_BYTES) return false
      // No stored hash was made from a longer password: hash() refuses them.
      if (surelyTooLong(password, maxPasswordBytes)) return false
      const bytes = encode(password)
      if (bytes.length > maxPasswordBytes) return false
      const actual = await deriveKey(bytes, parsed.salt, parsed.hash.length, parsed)
      // Constant time: how long the comparison takes must not tell how much of it matched.
      return timingSafeEqual(actual, parsed.hash)
    },
    needsRehash (stored: string): boolean {
      const parsed = parseScryptHash(stored)
      return parsed === undefined || parsed.ln !== parameters.ln || parsed.r !== parameters.r || parsed.p !== parameters.p ||
        parsed.hash.length !== KEY_BYTES || parsed.salt.length !== SALT_BYTES
    },
  }
}

let defaultHasher: PasswordHasher | undefined
const hasher = (): PasswordHasher => (defaultHasher ??= passwordHasher())

/**
 * Hashes a password with a fresh random salt (scrypt, OWASP's parameters): store the result,
 * never the password (FastAPI's security tutorial does the same with pwdlib).
 *
 * @example
 * await db.users.insert({ username, hashed_password: await hashPassword(form.password) })
 */
export function hashPassword (password: string): Promise<string> {
  return hasher().hash(password)
}

/**
 * Whether `password` is the one `hash` was made from, compared in constant time. `false` for
 * a wrong password, and for a stored value that is not one of our hashes (never a throw).
 */
export function verifyPassword (password: string, hash: string): Promise<boolean> {
  return hasher().verify(password, hash)
}

/** Whether `hash` was made with other parameters than today's defaults: hash the password again after a successful login. */
export function needsRehash (hash: string): boolean {
  return hasher().needsRehash(hash)
}
