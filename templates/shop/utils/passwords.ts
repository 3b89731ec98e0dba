// The library's password hashing: scrypt from node:crypto with OWASP's parameters, in the PHC
// format `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`, verified in constant time. FastAPI's security
// tutorial does the same with pwdlib (argon2). Kept here so the shop reads as FastAPI's
// layout does (utils/), and so a different hasher is one line away.
export { hashPassword, verifyPassword, needsRehash } from 'fastify-fastapi'
