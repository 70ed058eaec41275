// Stripe's objects as the emulator renders them (Checkout Session, PaymentIntent, Charge, Refund,
// Product, Price, PaymentMethod), typed with the real SDK's types (stripe 23) so that every field
// the SDK promises is present. The rules that fill them in live in state.ts.
import type Stripe from "stripe";
import { randomId } from "./ids";

export type Session = Stripe.Checkout.Session;
export type PaymentIntent = Stripe.PaymentIntent;
export type Charge = Stripe.Charge;
export type Refund = Stripe.Refund;
export type Product = Stripe.Product;
/** Stripe sends `unit_amount_decimal` as a decimal string; the SDK turns it into its Decimal class. */
export type Price = Omit<Stripe.Price, "unit_amount_decimal"> & { unit_amount_decimal: string | null };
export type LineItem = Omit<Stripe.LineItem, "price"> & { price: Price };

/** The version this SDK (stripe 23.1.0) sends; events are rendered "at" it. */
export const DEFAULT_API_VERSION = "2026-10-28.endive";

export interface EmulatorEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface ApiList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/** The emulator's test cards (spaces ignored). Any other number is refused as incorrect. */
export const TEST_CARDS: Record<string, { brand: string; decline?: CardDecline }> = {
  "4242424242424242": { brand: "visa" },
  "4000000000000002": { brand: "visa", decline: { code: "generic_decline", message: "Your card was declined." } },
  "4000000000009995": { brand: "visa", decline: { code: "insufficient_funds", message: "Your card has insufficient funds." } },
};

export interface CardDecline {
  /** The decline_code, e.g. generic_decline. */
  code: string;
  message: string;
}

/** A card as entered on the page (or given to pay()). */
export interface CardInfo {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  name: string | null;
  email: string;
  fingerprint: string;
}

export function checkoutSessionObject(f: {
  id: string;
  created: number;
  currency: string;
  amountTotal: number;
  expiresAt: number;
  url: string;
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  metadata: Record<string, string>;
  locale: string | null;
  submitType: Session["submit_type"];
  billingAddressCollection: Session["billing_address_collection"];
  allowPromotionCodes: boolean | null;
}): Session {
  return {
    id: f.id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: f.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: f.amountTotal,
    amount_total: f.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: f.billingAddressCollection,
    cancel_url: f.cancelUrl,
    client_reference_id: f.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: f.created,
    currency: f.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: "if_required",
    customer_details: null,
    customer_email: f.customerEmail,
    discounts: [],
    expires_at: f.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null },
    },
    livemode: false,
    locale: f.locale as Session["locale"],
    managed_payments: null,
    metadata: f.metadata,
    mode: "payment",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: f.submitType,
    subscription: null,
    success_url: f.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    url: f.url,
    wallet_options: null,
  };
}

export function productObject(f: {
  created: number;
  name: string;
  description: string | null;
  images: string[];
  metadata: Record<string, string>;
  taxCode: string | null;
  unitLabel: string | null;
}): Product {
  return {
    id: randomId("prod_", 14),
    object: "product",
    active: false,
    created: f.created,
    default_price: null,
    description: f.description,
    images: f.images,
    livemode: false,
    marketing_features: [],
    metadata: f.metadata,
    name: f.name,
    package_dimensions: null,
    shippable: null,
    tax_code: f.taxCode,
    tax_details: null,
    type: "service",
    unit_label: f.unitLabel,
    updated: f.created,
    url: null,
  };
}

export function priceObject(f: { created: number; currency: string; productId: string; taxBehavior: Stripe.Price.TaxBehavior; unitAmount: number }): Price {
  return {
    id: randomId("price_"),
    object: "price",
    active: false,
    billing_scheme: "per_unit",
    created: f.created,
    currency: f.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: f.productId,
    recurring: null,
    tax_behavior: f.taxBehavior,
    tiers_mode: null,
    transform_quantity: null,
    type: "one_time",
    unit_amount: f.unitAmount,
    unit_amount_decimal: String(f.unitAmount),
  };
}

export function paymentIntentObject(f: {
  amount: number;
  currency: string;
  created: number;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
}): PaymentIntent {
  return {
    id: randomId("pi_"),
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: f.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: null,
    confirmation_method: "automatic",
    created: f.created,
    currency: f.currency,
    customer: null,
    customer_account: null,
    description: f.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: { ...f.metadata },
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: f.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}

export function chargeObject(pi: PaymentIntent, card: CardInfo, created: number, succeeded: boolean, decline?: CardDecline): Charge {
  return {
    id: randomId("ch_"),
    object: "charge",
    amount: pi.amount,
    amount_captured: succeeded ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? randomId("txn_") : null,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: card.email,
      name: card.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: "OPENSEAT",
    captured: succeeded,
    created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline ? "card_declined" : null,
    failure_message: decline ? decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: decline
      ? {
          advice_code: decline.code === "insufficient_funds" ? "try_again_later" : "do_not_try_again",
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline.code,
          risk_level: "normal",
          risk_score: 20,
          seller_message:
            decline.code === "generic_decline"
              ? "The bank did not return any further details with this decline."
              : `The bank returned the decline code \`${decline.code}\`.`,
          type: "issuer_declined",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: card.paymentMethodId,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        authorization_code: succeeded ? "123456" : null,
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        electronic_commerce_indicator: null,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: card.fingerprint,
        funding: "credit",
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: succeeded ? randomId("", 15) : null,
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObject(f: { charge: Charge; amount: number; created: number; reason: Refund["reason"]; metadata: Record<string, string> }): Refund {
  return {
    id: randomId("re_"),
    object: "refund",
    amount: f.amount,
    balance_transaction: randomId("txn_"),
    charge: f.charge.id,
    created: f.created,
    currency: f.charge.currency,
    customer: null,
    customer_account: null,
    destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
    metadata: f.metadata,
    payment_intent: f.charge.payment_intent as string | null,
    payment_method: f.charge.payment_method,
    reason: f.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}

export function customerDetails(card: CardInfo): Session["customer_details"] {
  return {
    address: { city: null, country: "US", line1: null, line2: null, postal_code: null, state: null },
    business_name: null,
    email: card.email,
    individual_name: null,
    name: card.name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

export function paymentMethodObject(card: CardInfo, created: number): Stripe.PaymentMethod {
  return {
    id: card.paymentMethodId,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: card.email,
      name: card.name,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: card.fingerprint,
      funding: "credit",
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
}

