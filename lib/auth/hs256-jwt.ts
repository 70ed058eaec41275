// Verifying our own HS256 JWTs (API access tokens, admission tokens): the algorithm, type, issuer
// and audience are pinned, sub/exp/iat required, and the payload must match the token kind's
// schema. Tampered, expired, `alg: none`, foreign or malformed tokens all answer null.
import { jwtVerify } from "jose";
import type { z } from "zod";

export type TokenKind = { typ: string; issuer: string; audience: string };

/** The payload, parsed by `schema`, of a valid unexpired token of `kind` signed with `key`; else null. */
export async function verifyHs256<S extends z.ZodType>(token: string, key: Uint8Array, kind: TokenKind, schema: S): Promise<z.output<S> | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      typ: kind.typ,
      issuer: kind.issuer,
      audience: kind.audience,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
