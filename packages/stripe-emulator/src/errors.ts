// Stripe's error responses: `{"error": {type, code?, message, param?, decline_code?, doc_url?}}`
// with the HTTP status Stripe uses (400 invalid request, 401 auth, 402 card, 404 missing, 409
// idempotency conflict). The SDK turns them into StripeInvalidRequestError, StripeCardError, …

export type StripeErrorType = "invalid_request_error" | "api_error" | "card_error" | "idempotency_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;

  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.name = "StripeApiError";
    this.status = status;
    this.body = body.code && !body.doc_url ? { ...body, doc_url: docUrl(body.code) } : body;
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}

export function invalidRequest(message: string, param?: string, code?: string, status = 400): StripeApiError {
  return new StripeApiError(status, {
    type: "invalid_request_error",
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  });
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

export function unknownParam(param: string, notImplemented = false): StripeApiError {
  const suffix = notImplemented ? " (Stripe knows it, but the OpenSeat Stripe emulator does not implement it)" : "";
  return invalidRequest(`Received unknown parameter: ${param}${suffix}`, param, "parameter_unknown");
}

/** `No such checkout.session: 'cs_test_…'` (404, resource_missing). */
export function resourceMissing(objectName: string, id: string, param: string): StripeApiError {
  return invalidRequest(`No such ${objectName}: '${id}'`, param, "resource_missing", 404);
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message });
}

export function serializeError(error: StripeApiError): string {
  return JSON.stringify({ error: error.body }, null, 2);
}
