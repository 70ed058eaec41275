// Parameters of POST /v1/checkout/sessions, validated as Stripe does (messages, codes, `param`).
import { invalidRequest, missingParam, StripeApiError } from "./errors";
import type { ParamObject } from "./form";
import { randomId } from "./ids";
import { formatAmount, isSupportedCurrency, MAX_AMOUNT, minimumAmount } from "./money";
import { priceObject, productObject, type LineItem, type Price, type Product, type Session } from "./objects";
import {
  checkKeys,
  child,
  parseInteger,
  readBoolean,
  readEmail,
  readEnum,
  readExpand,
  readInteger,
  readMetadata,
  readObject,
  readObjectList,
  readOptionalNonEmpty,
  readRequiredString,
  readString,
  readStringList,
  readUrl,
  type KeyRules,
} from "./validate";

const SESSION_CREATE_KEYS: KeyRules = {
  mode: "ok", line_items: "ok", success_url: "ok", cancel_url: "ok", client_reference_id: "ok", customer_email: "ok",
  metadata: "ok", payment_intent_data: "ok", expires_at: "ok", payment_method_types: "ok",
  allowed_payment_method_types: "ok", currency: "ok", expand: "ok", locale: "ok", submit_type: "ok",
  billing_address_collection: "ok", ui_mode: "ok", allow_promotion_codes: "ok", custom_text: "ok",
  phone_number_collection: "ok", consent_collection: "ok", after_expiration: "ok", customer_creation: "ok",
  payment_method_options: "ok", integration_identifier: "ok", automatic_tax: "ok", invoice_creation: "ok",
  // Real Stripe parameters the emulator does not implement: refused so that nobody relies on them unknowingly.
  adaptive_pricing: "unsupported", branding_settings: "unsupported", custom_fields: "unsupported", customer: "unsupported",
  customer_account: "unsupported", customer_update: "unsupported", discounts: "unsupported",
  excluded_payment_method_types: "unsupported", managed_payments: "unsupported", name_collection: "unsupported",
  optional_items: "unsupported", origin_context: "unsupported", payment_method_collection: "unsupported",
  payment_method_configuration: "unsupported", payment_method_data: "unsupported", permissions: "unsupported",
  redirect_on_completion: "unsupported", return_url: "unsupported", saved_payment_method_options: "unsupported",
  setup_intent_data: "unsupported", shipping_address_collection: "unsupported", shipping_options: "unsupported",
  subscription_data: "unsupported", tax_id_collection: "unsupported", wallet_options: "unsupported",
};
const LINE_ITEM_KEYS: KeyRules = {
  price_data: "ok", quantity: "ok", price: "ok", metadata: "ok",
  adjustable_quantity: "unsupported", tax_rates: "unsupported", dynamic_tax_rates: "unsupported",
};
const PRICE_DATA_KEYS: KeyRules = {
  currency: "ok", unit_amount: "ok", unit_amount_decimal: "ok", product_data: "ok", product: "ok", tax_behavior: "ok", recurring: "ok",
};
const PRODUCT_DATA_KEYS: KeyRules = { name: "ok", description: "ok", images: "ok", metadata: "ok", tax_code: "ok", unit_label: "ok" };
const PAYMENT_INTENT_DATA_KEYS: KeyRules = {
  metadata: "ok", description: "ok", receipt_email: "ok", statement_descriptor: "ok", statement_descriptor_suffix: "ok",
  capture_method: "ok", transfer_group: "ok",
  application_fee_amount: "unsupported", on_behalf_of: "unsupported", setup_future_usage: "unsupported", shipping: "unsupported",
  transfer_data: "unsupported",
};
export interface ParsedSessionParams {
  fields: {
    currency: string;
    amountTotal: number;
    expiresAt: number;
    successUrl: string | null;
    cancelUrl: string | null;
    clientReferenceId: string | null;
    customerEmail: string | null;
    metadata: Record<string, string>;
    locale: string | null;
    submitType: Session["submit_type"];
    billingAddressCollection: Session["billing_address_collection"];
    allowPromotionCodes: boolean | null;
  };
  lineItems: Array<{ item: LineItem; product: Product }>;
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null };
  expand: string[];
}

/** Validates the parameters (at `now`, unix seconds) and builds the line items, products and prices. */
export function parseSessionCreateParams(params: ParamObject, now: number): ParsedSessionParams {
  checkKeys(params, SESSION_CREATE_KEYS);

  const mode = readString(params, "mode", "mode");
  if (mode === undefined) throw missingParam("mode");
  if (mode === "setup" || mode === "subscription") {
    throw invalidRequest(`The OpenSeat Stripe emulator supports mode=payment only (got ${mode}).`, "mode");
  }
  if (mode !== "payment") throw invalidRequest("Invalid mode: must be one of payment, setup, or subscription", "mode");

  const uiMode = readString(params, "ui_mode", "ui_mode");
  if (uiMode !== undefined && uiMode !== "hosted" && uiMode !== "hosted_page") {
    throw invalidRequest(`The OpenSeat Stripe emulator supports the hosted page only (ui_mode=${uiMode}).`, "ui_mode");
  }
  for (const key of ["payment_method_types", "allowed_payment_method_types"]) {
    const types = readStringList(params, key, key);
    types?.forEach((type, i) => {
      if (type !== "card") throw invalidRequest(`The OpenSeat Stripe emulator supports card payments only (got ${type}).`, `${key}[${i}]`);
    });
  }
  const automaticTax = readObject(params, "automatic_tax", "automatic_tax");
  if (automaticTax && readBoolean(automaticTax, "enabled", "automatic_tax[enabled]")) {
    throw invalidRequest("The OpenSeat Stripe emulator does not calculate tax (automatic_tax[enabled]=true).", "automatic_tax[enabled]");
  }

  const rawItems = readObjectList(params, "line_items", "line_items");
  if (!rawItems || rawItems.length === 0) throw missingParam("line_items");
  if (rawItems.length > 100) throw invalidRequest("You may only specify up to 100 line items.", "line_items");

  let currency = readString(params, "currency", "currency")?.toLowerCase();
  if (currency !== undefined && !isSupportedCurrency(currency)) throw invalidCurrency(currency, "currency");
  const lineItems: Array<{ item: LineItem; product: Product }> = [];
  rawItems.forEach((item, index) => {
    const prefix = `line_items[${index}]`;
    checkKeys(item, LINE_ITEM_KEYS, prefix);
    const priceId = readString(item, "price", child(prefix, "price"));
    if (priceId !== undefined) {
      throw invalidRequest(`No such price: '${priceId}'`, child(prefix, "price"), "resource_missing");
    }
    const priceData = readObject(item, "price_data", child(prefix, "price_data"));
    if (!priceData) throw invalidRequest(`You must specify either \`price\` or \`price_data\` in ${prefix}.`, prefix);
    const quantityParam = child(prefix, "quantity");
    const quantityRaw = item.quantity;
    if (quantityRaw === undefined) throw missingParam(quantityParam);
    const quantity = parseInteger(quantityRaw, quantityParam, { min: 1, max: 999_999 });
    const itemMetadata = readMetadata(item, "metadata", child(prefix, "metadata")) ?? {};
    const { price, product } = buildPrice(priceData, child(prefix, "price_data"), now);
    if (currency !== undefined && price.currency !== currency) {
      throw invalidRequest(`All line items must use the same currency (${currency}); ${prefix} uses ${price.currency}.`, child(child(prefix, "price_data"), "currency"));
    }
    currency = price.currency;
    const subtotal = (price.unit_amount ?? 0) * quantity;
    lineItems.push({
      product,
      item: {
        id: randomId("li_"),
        object: "item",
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: subtotal,
        amount_tax: 0,
        amount_total: subtotal,
        currency: price.currency,
        description: product.name,
        metadata: itemMetadata,
        price,
        quantity,
      },
    });
  });
  if (currency === undefined) throw missingParam("line_items[0][price_data][currency]");
  const amountTotal = lineItems.reduce((sum, li) => sum + li.item.amount_total, 0);
  if (amountTotal > MAX_AMOUNT) {
    throw invalidRequest(`The Checkout Session's total amount due must be no more than ${formatAmount(MAX_AMOUNT, currency)}.`, "line_items", "amount_too_large");
  }
  const minimum = minimumAmount(currency);
  if (amountTotal < minimum) {
    throw invalidRequest(`The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}`, "line_items", "amount_too_small");
  }

  const successUrl = readUrl(params, "success_url", "success_url") ?? null;
  const cancelUrl = readUrl(params, "cancel_url", "cancel_url") ?? null;
  const clientReferenceId = readOptionalNonEmpty(params, "client_reference_id", "client_reference_id", { max: 200 }) ?? null;
  const customerEmail = readEmail(params, "customer_email", "customer_email") ?? null;
  const metadata = readMetadata(params, "metadata", "metadata") ?? {};
  const locale = readString(params, "locale", "locale") ?? null;
  const submitType = readEnum(params, "submit_type", "submit_type", ["auto", "book", "donate", "pay", "subscribe"] as const) ?? null;
  const billingAddressCollection = readEnum(params, "billing_address_collection", "billing_address_collection", ["auto", "required"] as const) ?? null;
  const allowPromotionCodes = readBoolean(params, "allow_promotion_codes", "allow_promotion_codes") ?? null;

  const pid = readObject(params, "payment_intent_data", "payment_intent_data") ?? {};
  checkKeys(pid, PAYMENT_INTENT_DATA_KEYS, "payment_intent_data");
  const captureMethod = readString(pid, "capture_method", "payment_intent_data[capture_method]");
  if (captureMethod !== undefined && captureMethod !== "automatic" && captureMethod !== "automatic_async") {
    throw invalidRequest(`The OpenSeat Stripe emulator captures automatically only (capture_method=${captureMethod}).`, "payment_intent_data[capture_method]");
  }
  const paymentIntentData = {
    metadata: readMetadata(pid, "metadata", "payment_intent_data[metadata]") ?? {},
    description: readString(pid, "description", "payment_intent_data[description]", { max: 1000 }) ?? null,
    receiptEmail: readEmail(pid, "receipt_email", "payment_intent_data[receipt_email]") ?? null,
  };

  const expiresAtParam = readInteger(params, "expires_at", "expires_at");
  let expiresAt = now + 24 * 3600;
  if (expiresAtParam !== undefined) {
    if (expiresAtParam - now < 30 * 60) {
      throw invalidRequest("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", "expires_at");
    }
    if (expiresAtParam - now > 24 * 3600) {
      throw invalidRequest("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", "expires_at");
    }
    expiresAt = expiresAtParam;
  }
  const expand = readExpand(params);

  return {
    fields: {
      currency,
      amountTotal,
      expiresAt,
      successUrl,
      cancelUrl,
      clientReferenceId,
      customerEmail,
      metadata,
      locale,
      submitType,
      billingAddressCollection,
      allowPromotionCodes,
    },
    lineItems,
    paymentIntentData,
    expand,
  };
}

function buildPrice(data: ParamObject, prefix: string, now: number): { price: Price; product: Product } {
  checkKeys(data, PRICE_DATA_KEYS, prefix);
  const currencyParam = child(prefix, "currency");
  const rawCurrency = readString(data, "currency", currencyParam);
  if (rawCurrency === undefined) throw missingParam(currencyParam);
  const currency = rawCurrency.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency) || !isSupportedCurrency(currency)) throw invalidCurrency(rawCurrency, currencyParam);
  if (data.recurring !== undefined) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      child(prefix, "recurring"),
    );
  }
  const taxBehavior = readEnum(data, "tax_behavior", child(prefix, "tax_behavior"), ["exclusive", "inclusive", "unspecified"] as const) ?? "unspecified";
  const amountParam = child(prefix, "unit_amount");
  const decimalParam = child(prefix, "unit_amount_decimal");
  let unitAmount: number;
  if (data.unit_amount !== undefined && data.unit_amount_decimal !== undefined) {
    throw invalidRequest(`You may only specify one of these parameters: unit_amount, unit_amount_decimal.`, amountParam);
  } else if (data.unit_amount !== undefined) {
    unitAmount = parseInteger(data.unit_amount, amountParam, { min: 0, max: MAX_AMOUNT });
  } else if (data.unit_amount_decimal !== undefined) {
    const decimal = readString(data, "unit_amount_decimal", decimalParam) ?? "";
    if (!/^\d+(\.0+)?$/.test(decimal)) {
      throw invalidRequest(`The OpenSeat Stripe emulator supports whole unit amounts only (got ${decimal}).`, decimalParam);
    }
    unitAmount = Number(decimal.split(".")[0]);
  } else {
    throw missingParam(amountParam);
  }
  const productId = readString(data, "product", child(prefix, "product"));
  if (productId !== undefined) throw invalidRequest(`No such product: '${productId}'`, child(prefix, "product"), "resource_missing");
  const productData = readObject(data, "product_data", child(prefix, "product_data"));
  if (!productData) throw missingParam(child(prefix, "product_data"));
  const pdPrefix = child(prefix, "product_data");
  checkKeys(productData, PRODUCT_DATA_KEYS, pdPrefix);
  const name = readRequiredString(productData, "name", child(pdPrefix, "name"), { max: 5000 });
  const description = readOptionalNonEmpty(productData, "description", child(pdPrefix, "description"), { max: 40000 }) ?? null;
  const images = readStringList(productData, "images", child(pdPrefix, "images")) ?? [];
  const product = productObject({
    created: now,
    name,
    description,
    images,
    metadata: readMetadata(productData, "metadata", child(pdPrefix, "metadata")) ?? {},
    taxCode: readString(productData, "tax_code", child(pdPrefix, "tax_code")) ?? null,
    unitLabel: readString(productData, "unit_label", child(pdPrefix, "unit_label")) ?? null,
  });
  const price = priceObject({ created: now, currency, productId: product.id, taxBehavior, unitAmount });
  return { price, product };
}

function invalidCurrency(currency: string, param: string): StripeApiError {
  return invalidRequest(
    `Invalid currency: ${currency.toLowerCase()}. Stripe currently supports these currencies: usd, eur, gbp, … (the OpenSeat Stripe emulator accepts the common ones).`,
    param,
  );
}
