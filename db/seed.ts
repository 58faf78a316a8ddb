import { randomUUID } from "node:crypto";
import { eq, sql, TransactionRollbackError } from "drizzle-orm";
import type { Db, Tx } from "./client";
import {
  appState,
  authenticatorTokens,
  defectLinks,
  environments,
  exploratoryNotes,
  milestoneSignoffs,
  milestones,
  projectMembers,
  projects,
  results,
  runEntries,
  suites,
  testCases,
  testCaseVersions,
  testRuns,
  waivers,
  type AUTOMATION_STATUSES,
  type NOTE_KINDS,
  type SESSION_VERDICTS,
  type CASE_TYPES,
  type PRIORITIES,
  type RESULT_STATUSES,
  type RUN_KINDS,
  type RUN_STATUSES,
  type StepResult,
} from "./schema";

/** The `app_state` row that marks the demo as seeded, so it is created once per database, ever. */
export const DEMO_STATE_KEY = "demo_seeded";
export const DEMO_PROJECT_KEY = "DEMO";

type Priority = (typeof PRIORITIES)[number];
type CaseType = (typeof CASE_TYPES)[number];
type AutomationStatus = (typeof AUTOMATION_STATUSES)[number];
type ResultStatus = (typeof RESULT_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------------

const ENVIRONMENTS = [
  { name: "Staging", description: "Release candidates, deployed from the release branch." },
  { name: "QA", description: "Nightly builds of main with seeded test data." },
  { name: "Production", description: "Live shop; smoke checks only, no real card charges." },
] as const;
type EnvName = (typeof ENVIRONMENTS)[number]["name"];

type MilestoneRef = "v240" | "v240staging" | "v230" | "sprint41";

/** Suites as slash-separated paths; parents come before their children. */
const SUITES = [
  { path: "Checkout", description: "Order placement from cart to confirmation." },
  { path: "Checkout/Payments", description: "Cards, wallets, gift cards and 3-D Secure." },
  { path: "Checkout/Shipping", description: "Delivery options, rates and address validation." },
  { path: "Cart", description: "Adding, changing and keeping items in the cart." },
  { path: "Account", description: "Registration, sign-in and profile." },
  { path: "Account/Login", description: "Password, social sign-in, lockout and reset." },
  { path: "Account/Profile", description: "Personal data, addresses and order history." },
  { path: "Search", description: "Full-text search, suggestions and filters." },
  { path: "Catalog", description: "Category and product pages." },
];

type CaseSpec = {
  suite: string;
  title: string;
  priority: Priority;
  type?: CaseType;
  tags: string[];
  preconditions: string;
  steps: [action: string, expected: string][];
  automation?: { status: AutomationStatus; key?: string };
  /** Name used by the run plans below to give this case a specific outcome. */
  ref?: string;
  /** Added for v2.4.0, so absent from earlier runs. */
  newIn240?: boolean;
};

const automated = (key: string) => ({ status: "AUTOMATED" as const, key });
const toAutomate = { status: "TO_BE_AUTOMATED" as const };

const CASES: CaseSpec[] = [
  // Checkout › Payments
  {
    suite: "Checkout/Payments",
    ref: "savedCard",
    title: "Pay with a saved credit card",
    priority: "CRITICAL",
    tags: ["payments", "smoke", "regression"],
    preconditions: "Signed in as a customer with a saved Visa card ending 4242; one product in the cart.",
    steps: [
      ["Open the cart and click 'Checkout'", "The checkout page opens with the default shipping address"],
      ["Choose the saved card ending 4242", "The card is selected and the CVC field is shown"],
      ["Enter CVC 123 and click 'Pay now'", "A spinner is shown and no second click is possible"],
      ["Wait for the payment to finish", "The order confirmation page shows 'Payment received'"],
    ],
    automation: automated("checkout/payments.spec.ts › Payments › pays with saved card"),
  },
  {
    suite: "Checkout/Payments",
    title: "Pay with a new card that requires a 3-D Secure challenge",
    priority: "CRITICAL",
    tags: ["payments", "3ds", "regression"],
    preconditions: "Guest checkout; use the 3-D Secure test card 4000 0027 6000 3184.",
    steps: [
      ["Enter the test card number, expiry 12/30 and CVC 123", "The card brand icon shows Visa"],
      ["Click 'Pay now'", "The bank challenge opens in a modal"],
      ["Approve the challenge", "The modal closes and the order confirmation page opens"],
    ],
    automation: automated("checkout/payments.spec.ts › Payments › completes 3-D Secure challenge"),
  },
  {
    suite: "Checkout/Payments",
    title: "Declined card shows a clear error and keeps the cart",
    priority: "HIGH",
    tags: ["payments", "negative"],
    preconditions: "Use the always-declined test card 4000 0000 0000 0002.",
    steps: [
      ["Enter the declined card and click 'Pay now'", "'Your card was declined' is shown next to the card field"],
      ["Open the cart", "All items and quantities are unchanged"],
    ],
    automation: automated("checkout/payments.spec.ts › Payments › shows decline message"),
  },
  {
    suite: "Checkout/Payments",
    ref: "paypal",
    title: "Pay with PayPal",
    priority: "HIGH",
    tags: ["payments", "paypal", "smoke"],
    preconditions: "PayPal sandbox buyer account available (see the team vault).",
    steps: [
      ["Choose PayPal as payment method and click 'Continue to PayPal'", "The PayPal login window opens"],
      ["Sign in with the sandbox buyer and approve", "The window closes and the shop shows the order review"],
      ["Click 'Place order'", "The order confirmation page shows 'Paid with PayPal'"],
    ],
  },
  {
    suite: "Checkout/Payments",
    title: "Pay with Apple Pay in Safari",
    priority: "MEDIUM",
    tags: ["payments", "wallets", "safari"],
    preconditions: "macOS or iOS Safari with a sandbox Apple Pay card configured.",
    steps: [
      ["Open checkout in Safari", "The Apple Pay button is shown above the card form"],
      ["Click the Apple Pay button and confirm with Touch ID", "The payment sheet closes"],
      ["Wait for the payment to finish", "The order confirmation page shows 'Paid with Apple Pay'"],
    ],
    newIn240: true,
  },
  {
    suite: "Checkout/Payments",
    title: "Gift card covers part of the order",
    priority: "MEDIUM",
    tags: ["payments", "gift-card"],
    preconditions: "A gift card GC-DEMO-25 worth €25; cart total above €25.",
    steps: [
      ["Enter GC-DEMO-25 in 'Gift card' and apply", "€25.00 is deducted and the remaining total is shown"],
      ["Pay the remainder with a test card", "The order is placed"],
      ["Open the order in 'My orders'", "Both payment methods are listed with their amounts"],
    ],
  },
  {
    suite: "Checkout/Payments",
    title: "Cancelling an unpaid order releases the card authorization",
    priority: "MEDIUM",
    tags: ["payments", "orders"],
    preconditions: "An order placed in the last hour that has not shipped yet.",
    steps: [
      ["Open the order in 'My orders' and click 'Cancel order'", "A confirmation dialog explains the refund"],
      ["Confirm", "The order status becomes 'Cancelled'"],
      ["Check the payment provider dashboard", "The authorization is voided"],
    ],
  },
  // Checkout › Shipping
  {
    suite: "Checkout/Shipping",
    title: "Standard shipping cost is calculated from the address",
    priority: "HIGH",
    tags: ["shipping", "smoke"],
    preconditions: "Cart total below the free-shipping threshold.",
    steps: [
      ["Enter a German shipping address", "Standard shipping shows €4.95"],
      ["Change the country to Austria", "Standard shipping updates to €6.95 without reloading the page"],
    ],
    automation: toAutomate,
  },
  {
    suite: "Checkout/Shipping",
    title: "Free shipping applies above the threshold",
    priority: "MEDIUM",
    tags: ["shipping", "promotions"],
    preconditions: "Free-shipping threshold is €50.",
    steps: [
      ["Add products worth €49.99 and open checkout", "Standard shipping costs €4.95"],
      ["Add one more product to reach €50 or more", "Standard shipping shows 'Free'"],
    ],
    automation: automated("checkout/shipping.spec.ts › Shipping › free shipping over threshold"),
  },
  {
    suite: "Checkout/Shipping",
    ref: "express",
    title: "Express delivery options for a remote postcode",
    priority: "MEDIUM",
    tags: ["shipping", "carriers"],
    preconditions: "Carrier rates API configured for the environment.",
    steps: [
      ["Enter a postcode on an island (e.g. 25980 Sylt)", "Express delivery shows a surcharge and a 2–3 day estimate"],
      ["Select express delivery", "The order total includes the surcharge"],
    ],
  },
  {
    suite: "Checkout/Shipping",
    title: "Invalid postcode is rejected with a field error",
    priority: "LOW",
    tags: ["shipping", "validation"],
    preconditions: "Guest checkout.",
    steps: [
      ["Enter postcode 'ABCDE' for Germany", "'Enter a 5-digit postcode' is shown under the field"],
      ["Click 'Continue'", "The form stays on the address step"],
    ],
  },
  {
    suite: "Checkout/Shipping",
    title: "Click & collect: choose a pickup store",
    priority: "MEDIUM",
    tags: ["shipping", "pickup"],
    preconditions: "Click & collect feature flag enabled.",
    steps: [
      ["Choose 'Pick up in store'", "A store finder opens with stores near the address"],
      ["Select the Berlin Mitte store", "Pickup date and opening hours are shown"],
      ["Place the order", "The confirmation names the store and says when to collect"],
    ],
    newIn240: true,
  },
  // Checkout
  {
    suite: "Checkout",
    ref: "guestCheckout",
    title: "Guest checkout places an order and sends a confirmation email",
    priority: "CRITICAL",
    type: "SMOKE",
    tags: ["checkout", "guest", "smoke", "email"],
    preconditions: "Not signed in; one product in the cart; mail catcher open.",
    steps: [
      ["Click 'Checkout' and choose 'Continue as guest'", "The address form opens"],
      ["Fill in address and email, choose standard shipping", "The payment step opens"],
      ["Pay with test card 4242 4242 4242 4242", "The order confirmation page shows an order number"],
      ["Open the mail catcher", "A confirmation email with the same order number arrives within 2 minutes"],
    ],
  },
  {
    suite: "Checkout",
    title: "Signed-in checkout preselects the default address",
    priority: "HIGH",
    tags: ["checkout", "account"],
    preconditions: "Signed in as a customer with two saved addresses, one marked default.",
    steps: [
      ["Open checkout", "The default address is preselected"],
      ["Switch to the other address", "Shipping options and taxes are recalculated"],
    ],
  },
  {
    suite: "Checkout",
    title: "Order confirmation shows order number and totals",
    priority: "HIGH",
    tags: ["checkout", "smoke"],
    preconditions: "An order has just been placed.",
    steps: [
      ["Look at the confirmation page", "Order number, items, shipping, taxes and total are shown"],
      ["Reload the page", "The same details are shown and no second order is created"],
    ],
    automation: automated("checkout/checkout.spec.ts › Checkout › shows order confirmation"),
  },
  {
    suite: "Checkout",
    title: "Apply a discount code at checkout",
    priority: "HIGH",
    tags: ["checkout", "promotions"],
    preconditions: "Discount code SPRING10 (10% off, minimum €30) is active.",
    steps: [
      ["Enter SPRING10 and click 'Apply'", "A 10% discount line appears and the total drops"],
      ["Remove items until the subtotal is below €30", "The code is removed with the message 'Minimum order €30'"],
      ["Enter an expired code WINTER5", "'This code has expired' is shown"],
    ],
    automation: toAutomate,
  },
  {
    suite: "Checkout",
    ref: "euTax",
    title: "VAT is shown per line for EU addresses",
    priority: "MEDIUM",
    tags: ["checkout", "tax"],
    preconditions: "Cart with a book (7% VAT) and a T-shirt (19% VAT); German address.",
    steps: [
      ["Open the order review", "Each line shows its VAT rate"],
      ["Compare the VAT total with the sum of the lines", "The totals match to the cent"],
    ],
  },
  // Cart
  {
    suite: "Cart",
    title: "Add a product to the cart from the product page",
    priority: "CRITICAL",
    tags: ["cart", "smoke"],
    preconditions: "Product 'Trail Runner 2' in stock in size 42.",
    steps: [
      ["Open the product page and choose size 42", "'Add to cart' becomes enabled"],
      ["Click 'Add to cart'", "The mini cart opens showing the product, size and price"],
      ["Open the cart page", "The cart badge and the cart page both show 1 item"],
    ],
    automation: automated("cart/cart.spec.ts › Cart › adds product from product page"),
  },
  {
    suite: "Cart",
    ref: "quantity",
    title: "Changing the quantity updates line total and subtotal",
    priority: "HIGH",
    tags: ["cart"],
    preconditions: "One product at €19.99 in the cart.",
    steps: [
      ["Set the quantity to 3", "The line total shows €59.97"],
      ["Check the subtotal", "The subtotal shows €59.97 without reloading the page"],
    ],
    automation: automated("cart/cart.spec.ts › Cart › updates quantity"),
  },
  {
    suite: "Cart",
    title: "Removing the last item shows the empty-cart state",
    priority: "MEDIUM",
    tags: ["cart"],
    preconditions: "Exactly one product in the cart.",
    steps: [
      ["Click 'Remove' on the item", "The item disappears"],
      ["Look at the page", "'Your cart is empty' with a 'Continue shopping' link is shown"],
    ],
  },
  {
    suite: "Cart",
    ref: "cartMerge",
    title: "Guest cart is merged into the account cart after sign-in",
    priority: "HIGH",
    tags: ["cart", "account"],
    preconditions: "Customer account has one item in its cart; browser is signed out.",
    steps: [
      ["As a guest, add a different product to the cart", "The cart shows 1 item"],
      ["Sign in", "The cart shows both products"],
      ["Sign out and sign in again", "The cart still shows both products, no duplicates"],
    ],
  },
  {
    suite: "Cart",
    title: "Out-of-stock item cannot be checked out",
    priority: "HIGH",
    tags: ["cart", "inventory"],
    preconditions: "A product in the cart whose stock is set to 0 in the admin afterwards.",
    steps: [
      ["Open the cart", "The item is marked 'Out of stock'"],
      ["Click 'Checkout'", "Checkout is refused until the item is removed"],
    ],
  },
  {
    suite: "Cart",
    title: "Save an item for later",
    priority: "LOW",
    tags: ["cart", "wishlist"],
    preconditions: "Signed in; two products in the cart.",
    steps: [
      ["Click 'Save for later' on one item", "It moves to 'Saved for later' below the cart"],
      ["Click 'Move to cart'", "It returns to the cart with its quantity"],
    ],
    newIn240: true,
  },
  // Account
  {
    suite: "Account",
    title: "Register a new account with email verification",
    priority: "HIGH",
    tags: ["account", "registration", "email"],
    preconditions: "An email address that has no account yet; mail catcher open.",
    steps: [
      ["Open 'Create account' and fill in name, email and password", "'Check your inbox' is shown"],
      ["Open the verification link from the email", "The account is verified and signed in"],
      ["Try to register the same email again", "'An account with this email already exists' is shown"],
    ],
  },
  // Account › Login
  {
    suite: "Account/Login",
    title: "Sign in with email and password",
    priority: "CRITICAL",
    tags: ["login", "smoke", "2fa-admin"],
    preconditions: "A verified customer account.",
    steps: [
      ["Open 'Sign in' and enter email and password", "The 'Sign in' button becomes enabled"],
      ["Click 'Sign in'", "The account menu shows the customer's first name"],
    ],
    automation: automated("account/login.spec.ts › Login › signs in with password"),
  },
  {
    suite: "Account/Login",
    title: "Wrong password shows a generic error",
    priority: "HIGH",
    type: "SECURITY",
    tags: ["login", "negative", "security"],
    preconditions: "A verified customer account.",
    steps: [
      ["Sign in with the right email and a wrong password", "'Email or password is incorrect' is shown"],
      ["Sign in with an unknown email", "The same message is shown, revealing nothing about the account"],
    ],
  },
  {
    suite: "Account/Login",
    title: "Account locks for 15 minutes after 5 failed attempts",
    priority: "HIGH",
    type: "SECURITY",
    tags: ["login", "security"],
    preconditions: "A verified customer account with no recent failed sign-ins.",
    steps: [
      ["Enter a wrong password five times", "The fifth attempt says the account is locked for 15 minutes"],
      ["Enter the right password", "Sign-in is still refused"],
      ["Wait 15 minutes and sign in with the right password", "Sign-in succeeds"],
    ],
  },
  {
    suite: "Account/Login",
    title: "Reset password via email link",
    priority: "HIGH",
    tags: ["login", "email"],
    preconditions: "A verified customer account; mail catcher open.",
    steps: [
      ["Click 'Forgot password?' and enter the email", "'If an account exists, we sent a link' is shown"],
      ["Open the link and set a new password", "'Password changed' is shown and the customer is signed in"],
      ["Open the same link again", "'This link has expired' is shown"],
    ],
  },
  {
    suite: "Account/Login",
    ref: "googleLogin",
    title: "Sign in with Google",
    priority: "MEDIUM",
    tags: ["login", "oauth"],
    preconditions: "Google OAuth client configured for the environment; a Google test account.",
    steps: [
      ["Click 'Continue with Google'", "Google's account chooser opens"],
      ["Choose the test account", "The shop signs the customer in and shows their name"],
    ],
  },
  // Account › Profile
  {
    suite: "Account/Profile",
    title: "Update name and phone number",
    priority: "LOW",
    tags: ["profile"],
    preconditions: "Signed in as a customer.",
    steps: [
      ["Open 'My account › Personal data' and change the phone number", "'Saved' is shown"],
      ["Reload the page", "The new phone number is shown"],
    ],
  },
  {
    suite: "Account/Profile",
    title: "Add an address and make it the default",
    priority: "MEDIUM",
    tags: ["profile", "addresses"],
    preconditions: "Signed in as a customer with one saved address.",
    steps: [
      ["Open 'Addresses' and add a new address", "The address appears in the list"],
      ["Click 'Make default' on the new address", "It moves to the top with a 'Default' badge"],
      ["Open checkout", "The new default address is preselected"],
    ],
  },
  {
    suite: "Account/Profile",
    title: "Order history lists past orders newest first",
    priority: "MEDIUM",
    tags: ["profile", "orders"],
    preconditions: "Customer with at least three past orders.",
    steps: [
      ["Open 'My orders'", "Orders are listed newest first with date, total and status"],
      ["Open the oldest order", "Items, addresses and payment method are shown"],
    ],
  },
  {
    suite: "Account/Profile",
    title: "Deleting the account requires the password",
    priority: "MEDIUM",
    type: "SECURITY",
    tags: ["profile", "security", "gdpr"],
    preconditions: "Signed in as a throwaway customer account.",
    steps: [
      ["Click 'Delete account'", "A dialog asks for the password"],
      ["Enter a wrong password", "The account is not deleted and an error is shown"],
      ["Enter the right password and confirm", "The customer is signed out and cannot sign in again"],
    ],
  },
  // Search
  {
    suite: "Search",
    title: "Search by product name returns relevant results",
    priority: "HIGH",
    tags: ["search", "smoke"],
    preconditions: "Catalog indexed in the search service.",
    steps: [
      ["Type 'trail runner' in the search box and press Enter", "'Trail Runner 2' is among the first three results"],
      ["Check the result count", "The count matches the number of result cards"],
    ],
    automation: automated("search/search.spec.ts › Search › finds product by name"),
  },
  {
    suite: "Search",
    title: "Misspelled query suggests a correction",
    priority: "MEDIUM",
    tags: ["search"],
    preconditions: "Catalog indexed in the search service.",
    steps: [
      ["Search for 'sneekers'", "'Did you mean sneakers?' is shown above the results"],
      ["Click the suggestion", "Results for 'sneakers' are shown"],
    ],
  },
  {
    suite: "Search",
    title: "Filter results by price range and brand",
    priority: "MEDIUM",
    tags: ["search", "filters"],
    preconditions: "Search results for 'jacket' span several brands and prices.",
    steps: [
      ["Set the price filter to €50–€100", "Only products in that range remain"],
      ["Also select brand 'Northwind'", "Only Northwind products in that range remain"],
      ["Clear all filters", "The original result count is restored"],
    ],
  },
  {
    suite: "Search",
    title: "No-results page suggests popular categories",
    priority: "LOW",
    tags: ["search"],
    preconditions: "None.",
    steps: [
      ["Search for 'qwertyuiop'", "'No results for qwertyuiop' is shown with links to three popular categories"],
      ["Click the first suggested category", "The category page opens"],
    ],
  },
  // Catalog
  {
    suite: "Catalog",
    title: "Category page paginates and sorts by price",
    priority: "MEDIUM",
    tags: ["catalog"],
    preconditions: "Category 'Running shoes' has more than 48 products.",
    steps: [
      ["Open 'Running shoes'", "48 products and a pagination bar are shown"],
      ["Sort by 'Price: low to high'", "Prices ascend across the page"],
      ["Go to page 2", "The sort order is kept and no product repeats"],
    ],
  },
  {
    suite: "Catalog",
    title: "Product page shows variants, price and stock",
    priority: "HIGH",
    tags: ["catalog", "smoke"],
    preconditions: "Product 'Trail Runner 2' with sizes 40–46, size 45 out of stock.",
    steps: [
      ["Open the product page", "Name, price, images and size selector are shown"],
      ["Open the size selector", "Size 45 is disabled and marked 'Out of stock'"],
    ],
  },
  {
    suite: "Catalog",
    ref: "gallery",
    title: "Product images zoom on hover and swipe on mobile",
    priority: "LOW",
    type: "USABILITY",
    tags: ["catalog", "mobile"],
    preconditions: "Desktop browser and a phone (or device emulation).",
    steps: [
      ["On desktop, hover over the main image", "A zoomed view follows the pointer"],
      ["On the phone, swipe left on the gallery", "The next image slides in"],
    ],
  },
  {
    suite: "Catalog",
    title: "Product reviews show the average rating",
    priority: "LOW",
    tags: ["catalog", "reviews"],
    preconditions: "Product with reviews rated 5, 4 and 3 stars.",
    steps: [
      ["Open the product page", "4.0 out of 5 stars from 3 reviews is shown"],
      ["Click the rating", "The page scrolls to the reviews section"],
    ],
  },
];

/** One planned attempt; an entry's attempts run in order and its status is the last one's. */
type Attempt = { status: ResultStatus; comment?: string; error?: string; originalStatus?: string };

type RunSpec = {
  name: string;
  description: string;
  milestone: MilestoneRef;
  environment: EnvName;
  kind: (typeof RUN_KINDS)[number];
  status: (typeof RUN_STATUSES)[number];
  ciBuildId?: string;
  shardTotal?: number;
  /** When work started (days before `now`) and how long the executed attempts are spread over. */
  startDaysAgo: number;
  spanHours: number;
  cases: (c: CaseSpec) => boolean;
  /** Attempts for cases named by `ref`; every other case gets `otherwise`. */
  attempts?: Record<string, Attempt[]>;
  otherwise: (rng: () => number, index: number) => Attempt[];
  session?: SessionSpec;
};

const passed: Attempt[] = [{ status: "PASSED" }];
const untested: Attempt[] = [];
const isSmoke = (c: CaseSpec) => c.tags.includes("smoke");
const isAutomated = (c: CaseSpec) => c.automation?.status === "AUTOMATED";
const existedIn230 = (c: CaseSpec) => !c.newIn240;

const RUNS: RunSpec[] = [
  {
    name: "Full regression – Staging",
    description: "Complete manual regression of release candidate 2.3.0-rc.2.",
    milestone: "v230",
    environment: "Staging",
    kind: "MANUAL",
    status: "COMPLETED",
    startDaysAgo: 33,
    spanHours: 72,
    cases: existedIn230,
    attempts: {
      googleLogin: [{ status: "SKIPPED", comment: "Google OAuth client is not configured on Staging for 2.3.0." }],
      paypal: [
        { status: "BLOCKED", comment: "PayPal sandbox answered 503 all morning." },
        { status: "PASSED", comment: "Sandbox back; paid and refunded €1 test order." },
      ],
    },
    otherwise: () => passed,
  },
  {
    name: "Smoke – Production",
    description: "Post-deployment smoke check of 2.3.0 on the live shop.",
    milestone: "v230",
    environment: "Production",
    kind: "MANUAL",
    status: "COMPLETED",
    startDaysAgo: 25.5,
    spanHours: 3,
    cases: (c) => isSmoke(c) && existedIn230(c),
    attempts: {
      savedCard: [{ status: "SKIPPED", comment: "No real card charges in production; covered on Staging." }],
    },
    otherwise: () => passed,
  },
  {
    name: "Smoke – Staging",
    description: "Smoke check of 2.4.0-rc.1 after deployment to Staging.",
    milestone: "v240",
    environment: "Staging",
    kind: "MANUAL",
    status: "COMPLETED",
    startDaysAgo: 6,
    spanHours: 4,
    cases: isSmoke,
    attempts: {
      paypal: [
        { status: "BLOCKED", comment: "PayPal sandbox login page did not load." },
        { status: "PASSED", comment: "Passed after the sandbox recovered." },
      ],
    },
    otherwise: () => passed,
  },
  {
    name: "Playwright – Staging",
    description: "Nightly end-to-end suite against Staging (2 shards).",
    milestone: "v240",
    environment: "Staging",
    kind: "AUTOMATED",
    status: "COMPLETED",
    ciBuildId: "github-actions-1234",
    shardTotal: 2,
    startDaysAgo: 4,
    spanHours: 0.3,
    cases: isAutomated,
    attempts: {
      quantity: [
        {
          status: "FAILED",
          originalStatus: "timedOut",
          error: "Test timeout of 30000ms exceeded.\n  waiting for locator('[data-test=cart-subtotal]') to have text '€59.97'",
        },
        { status: "PASSED" },
      ],
    },
    otherwise: () => passed,
  },
  {
    name: "Regression – Staging",
    description: "Manual regression of 2.4.0-rc.3; checkout first, then accounts, search and catalog.",
    milestone: "v240",
    environment: "Staging",
    kind: "MANUAL",
    status: "IN_PROGRESS",
    startDaysAgo: 3,
    spanHours: 68,
    cases: () => true,
    attempts: {
      savedCard: [
        {
          status: "FAILED",
          error: "Payment service returned 502 Bad Gateway after 'Pay now'; no order was created.",
          comment: "Reproducible with every saved card. Logged as SHOP-482.",
        },
      ],
      guestCheckout: [
        {
          status: "FAILED",
          error: "Order confirmation email not received within 10 minutes (order DEMO-100231).",
          comment: "Order is placed, but the email never arrives; mail queue shows 'template not found'.",
        },
      ],
      paypal: [{ status: "BLOCKED", comment: "Waiting for new PayPal sandbox credentials from the payments team." }],
      express: [{ status: "BLOCKED", comment: "Carrier rates API is not configured on Staging." }],
      euTax: [
        {
          status: "FAILED",
          error: "VAT total differs from the sum of the lines by €0.01 for a cart of 3 books and 1 T-shirt.",
          comment: "Rounding per line vs. per order.",
        },
      ],
      cartMerge: [
        { status: "FAILED", error: "After sign-in the guest item appears twice." },
        { status: "RETEST", comment: "Fix deployed in 2.4.0-rc.3; please retest." },
      ],
      gallery: untested,
    },
    // The suites are worked through in order: early cases are mostly done, late ones mostly open.
    otherwise: (rng, index) => (rng() < (index < 28 ? 0.9 : 0.3) ? passed : untested),
  },
  {
    name: "Exploratory – Staging",
    description: "Time-boxed exploratory session on search and catalog.",
    milestone: "v240",
    environment: "Staging",
    kind: "EXPLORATORY",
    status: "PLANNED",
    startDaysAgo: 1,
    spanHours: 0,
    cases: () => false,
    otherwise: () => untested,
    session: {
      charter: "Explore the **new search filters** and the product **image gallery** with slow 3G and a screen reader, to discover where results, filters and images disagree.",
      timeBoxMinutes: 60,
    },
  },
  {
    name: "Exploratory – Apple Pay checkout",
    description: "Time-boxed exploratory session on the new Apple Pay checkout.",
    milestone: "v240",
    environment: "Staging",
    kind: "EXPLORATORY",
    status: "COMPLETED",
    startDaysAgo: 2,
    // Finished an hour after it started (see finishedAt below).
    spanHours: 0,
    cases: () => false,
    otherwise: () => untested,
    session: {
      charter: "Explore **Apple Pay checkout** with saved addresses, gift cards and cancelled payment sheets, to discover how orders and stock behave when payment is interrupted.",
      timeBoxMinutes: 90,
      verdict: "PASSED_WITH_ISSUES",
      verdictSummary: "Happy path and cancellations work. Gift card + Apple Pay double-charges the shipping fee (SHOP-517); the wording for a declined card needs a decision.",
      notes: [
        { minutes: 3, kind: "NOTE", body: "Started from a cart with 3 items and a saved address; Apple Pay sheet opens in under a second." },
        { minutes: 11, kind: "NOTE", body: "Cancelling the payment sheet returns to checkout with the cart intact and no order created." },
        { minutes: 19, kind: "BUG", body: "Gift card + Apple Pay: the shipping fee is charged **twice** (once on the gift card, once on the card).", defect: { key: "SHOP-517", url: "https://jira.example.com/browse/SHOP-517" } },
        { minutes: 27, kind: "QUESTION", body: "A declined card shows \"Payment failed\" with no reason. Should we show the issuer's reason, as the card form does?" },
        { minutes: 34, kind: "IDEA", body: "Offer Apple Pay in the mini cart too: three taps fewer for returning customers." },
        { minutes: 52, kind: "NOTE", body: "Stock is released 30 s after a cancelled sheet, as specified." },
      ],
    },
  },
];

/** Charter, time box, verdict and notes of a demo exploratory session (minutes are into the session). */
type SessionSpec = {
  charter: string;
  timeBoxMinutes: number;
  verdict?: (typeof SESSION_VERDICTS)[number];
  verdictSummary?: string;
  notes?: { minutes: number; kind: (typeof NOTE_KINDS)[number]; body: string; defect?: { key: string; url: string } }[];
};

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

/**
 * Creates the demo project "Demo Shop" (key DEMO) owned by `ownerId`, in one transaction.
 * It runs once per database: an `app_state` row remembers it, so deleting the demo project
 * does not bring it back. Returns null when the demo was seeded before or the key is taken.
 */
/** The demo's shared authenticator token: the RFC 6238 sample secret, so anyone can check its codes. */
export const DEMO_TOTP = { name: "2fa-admin", secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", issuer: "Demo Shop", account: "admin@demo-shop.test" } as const;

type SecretBox = { ciphertext: string; iv: string; authTag: string };

/**
 * `encryptSecret` seals the demo's authenticator secret (lib/crypto/secret-box, passed in so the
 * database layer imports nothing from lib); without it the demo has no authenticator token.
 */
export async function seedDemo(
  db: Db,
  opts: { ownerId: string; now?: Date; encryptSecret?: (plaintext: string) => SecretBox },
): Promise<{ projectId: string } | null> {
  const now = opts.now ?? new Date();
  const projectId = randomUUID();
  try {
    return await db.transaction(async (tx) => {
      // Claiming the key first serialises concurrent seeders: the second waits, then finds it taken.
      const claimed = await tx
        .insert(appState)
        .values({ key: DEMO_STATE_KEY, value: { at: now.toISOString(), projectId }, updatedAt: now })
        .onConflictDoNothing()
        .returning({ key: appState.key });
      if (!claimed.length) return null;
      const [project] = await tx
        .insert(projects)
        .values({
          id: projectId,
          key: DEMO_PROJECT_KEY,
          name: "Demo Shop",
          description: "A sample web shop to explore QA Studio: release milestones, manual and automated runs, and the go/no-go summary.",
          createdById: opts.ownerId,
          createdAt: daysBefore(now, 120),
        })
        .onConflictDoNothing({ target: projects.key })
        .returning({ id: projects.id });
      // Someone already owns the key: leave their project alone and record nothing.
      if (!project) tx.rollback();
      await fillDemo(tx, { projectId, ownerId: opts.ownerId, now });
      if (opts.encryptSecret) {
        const box = opts.encryptSecret(DEMO_TOTP.secret);
        await tx.insert(authenticatorTokens).values({
          projectId,
          name: DEMO_TOTP.name,
          issuer: DEMO_TOTP.issuer,
          account: DEMO_TOTP.account,
          secretCiphertext: box.ciphertext,
          iv: box.iv,
          authTag: box.authTag,
          createdById: opts.ownerId,
          createdAt: daysBefore(now, 30),
          updatedAt: daysBefore(now, 30),
        });
      }
      return { projectId };
    });
  } catch (err) {
    if (err instanceof TransactionRollbackError) return null;
    throw err;
  }
}

type Scope = { projectId: string; ownerId: string; now: Date };

async function fillDemo(tx: Tx, s: Scope): Promise<void> {
  const { projectId, ownerId, now } = s;
  await tx.insert(projectMembers).values({ projectId, userId: ownerId, role: "ADMIN", createdAt: daysBefore(now, 120) });

  const envIds = idsFor(ENVIRONMENTS.map((e) => e.name));
  await tx.insert(environments).values(
    ENVIRONMENTS.map((e) => ({ id: envIds[e.name], projectId, ...e, createdAt: daysBefore(now, 120) })),
  );

  const ms = idsFor(["v240", "v240staging", "v230", "sprint41"] satisfies MilestoneRef[]);
  await tx.insert(milestones).values([
    {
      id: ms.v240,
      projectId,
      name: "v2.4.0 Release",
      description: "Spring release: Apple Pay, click & collect and save-for-later. Full manual regression and smoke on Staging, nightly Playwright suite green before go-live.",
      dueDate: daysAfter(now, 5),
      status: "ACTIVE",
      createdAt: daysBefore(now, 21),
    },
    {
      id: ms.v240staging,
      projectId,
      parentId: ms.v240,
      name: "v2.4.0 – Staging sign-off",
      description: "Phase gate: regression and smoke on Staging signed off by QA before the production rollout.",
      dueDate: daysAfter(now, 2),
      status: "ACTIVE",
      createdAt: daysBefore(now, 21),
    },
    {
      id: ms.v230,
      projectId,
      name: "v2.3.0 Release",
      description: "Winter release: gift cards and the new order history. Regression on Staging, smoke on Production.",
      dueDate: daysBefore(now, 25),
      status: "COMPLETED",
      completedAt: daysBefore(now, 25.2),
      completedById: ownerId,
      createdAt: daysBefore(now, 50),
    },
    {
      id: ms.sprint41,
      projectId,
      name: "Sprint 41",
      description: "Two-week sprint: search relevance tuning.",
      dueDate: daysBefore(now, 62),
      status: "ARCHIVED",
      createdAt: daysBefore(now, 76),
    },
  ]);
  await tx.insert(milestoneSignoffs).values({
    milestoneId: ms.v230,
    userId: ownerId,
    decision: "APPROVED",
    comment: "All runs complete, no open failures. Ship it.",
    verdictAtSignoff: "GO",
    createdAt: daysBefore(now, 25.25),
  });

  const suiteIds = idsFor(SUITES.map((x) => x.path));
  await tx.insert(suites).values(
    SUITES.map((x) => {
      const parent = parentPath(x.path);
      return {
        id: suiteIds[x.path],
        projectId,
        parentId: parent ? suiteIds[parent] : null,
        name: x.path.slice(parent ? parent.length + 1 : 0),
        description: x.description,
        position: SUITES.filter((y) => parentPath(y.path) === parent).indexOf(x),
        createdAt: daysBefore(now, 118),
      };
    }),
  );

  const cases = CASES.map((c, i) => {
    const steps = c.steps.map(([action, expected]) => ({ action, expected }));
    return {
      spec: c,
      id: randomUUID(),
      seq: i + 1,
      steps,
      createdAt: daysBefore(now, c.newIn240 ? 18 : 115 - i),
    };
  });
  await tx.insert(testCases).values(
    cases.map(({ spec: c, id, seq, steps, createdAt }) => ({
      id,
      projectId,
      suiteId: suiteIds[c.suite],
      seq,
      title: c.title,
      preconditions: c.preconditions,
      steps,
      priority: c.priority,
      type: c.type ?? (c.tags.includes("regression") ? "REGRESSION" : "FUNCTIONAL"),
      tags: c.tags,
      automationStatus: c.automation?.status ?? "MANUAL",
      automationKey: c.automation?.key ?? null,
      position: CASES.filter((o) => o.suite === c.suite).indexOf(c),
      createdById: ownerId,
      createdAt,
      updatedAt: createdAt,
    })),
  );
  await tx.insert(testCaseVersions).values(
    cases.map(({ spec: c, id, steps, createdAt }) => ({
      caseId: id,
      version: 1,
      title: c.title,
      preconditions: c.preconditions,
      steps,
      priority: c.priority,
      editedById: ownerId,
      createdAt,
    })),
  );
  await tx
    .update(projects)
    .set({ caseSeq: cases.length })
    .where(eq(projects.id, projectId));

  const rng = mulberry32(20240);
  const runRows: (typeof testRuns.$inferInsert)[] = [];
  const entryRows: (typeof runEntries.$inferInsert)[] = [];
  const resultRows: (typeof results.$inferInsert)[] = [];
  const noteRows: (typeof exploratoryNotes.$inferInsert)[] = [];
  const failures = new Map<string, { caseId: string; entryId: string; resultId: string }>();

  for (const spec of RUNS) {
    const runId = randomUUID();
    const start = daysBefore(now, spec.startDaysAgo);
    const planned = cases.filter((c) => spec.cases(c.spec));
    const plans = planned.map((c, i) => (c.spec.ref && spec.attempts?.[c.spec.ref]) || spec.otherwise(rng, i));
    const executed = plans.filter((p) => p.length).length;
    let step = 0;
    let lastActivity = spec.status === "PLANNED" ? start : undefined;

    planned.forEach((c, position) => {
      const entryId = randomUUID();
      const attempts = plans[position];
      // Executed entries are spread evenly over the run's span; retries follow shortly after.
      const base = attempts.length ? hoursAfter(start, (spec.spanHours * ++step) / (executed + 1)) : undefined;
      const manual = spec.kind !== "AUTOMATED";
      let at = base;
      attempts.forEach((a, attempt) => {
        at = hoursAfter(base!, attempt * (manual ? 0.75 : 0.01));
        const durationMs = manual ? 60_000 + Math.floor(rng() * 420_000) : 1_500 + Math.floor(rng() * 10_500);
        const resultId = randomUUID();
        resultRows.push({
          id: resultId,
          projectId,
          runId,
          entryId,
          status: a.status,
          originalStatus: a.originalStatus ?? null,
          expectedStatus: manual ? null : "passed",
          attempt,
          durationMs,
          startedAt: new Date(at.getTime() - durationMs),
          error: a.error ? { message: a.error, ...(manual ? {} : { location: `${c.spec.automation?.key?.split(" › ")[0]}:42:7` }) } : null,
          stepResults: manual ? stepResultsFor(c.steps.length, a.status) : null,
          comment: a.comment ?? null,
          executedById: ownerId,
          executedAt: at,
          idempotencyKey: `seed:${entryId}:${attempt}`,
        });
        if (a.status === "FAILED" && c.spec.priority === "CRITICAL") failures.set(c.spec.ref ?? c.id, { caseId: c.id, entryId, resultId });
      });
      if (at && (!lastActivity || at > lastActivity)) lastActivity = at;
      const status = attempts.at(-1)?.status ?? "UNTESTED";
      entryRows.push({
        id: entryId,
        projectId,
        runId,
        caseId: c.id,
        caseVersion: 1,
        status,
        assigneeId: manual ? ownerId : null,
        flaky: status === "PASSED" && attempts.some((a) => a.status === "FAILED"),
        position,
        lastResultAt: at ?? null,
        createdAt: start,
        updatedAt: at ?? start,
      });
    });

    const done = spec.status === "COMPLETED";
    const finishedAt = done ? hoursAfter(start, spec.spanHours + (spec.kind === "AUTOMATED" ? 0.02 : 1)) : null;
    runRows.push({
      id: runId,
      projectId,
      milestoneId: ms[spec.milestone],
      environmentId: envIds[spec.environment],
      name: spec.name,
      description: spec.description,
      kind: spec.kind,
      status: spec.status,
      ciBuildId: spec.ciBuildId ?? null,
      shardTotal: spec.shardTotal ?? null,
      shardsDone: spec.shardTotal && done ? Array.from({ length: spec.shardTotal }, (_, i) => i + 1) : [],
      completionReason: done ? (spec.shardTotal ? "SHARDS" : "MANUAL") : null,
      lastActivityAt: finishedAt ?? lastActivity ?? start,
      assigneeId: spec.kind === "AUTOMATED" ? null : ownerId,
      createdById: ownerId,
      startedAt: spec.status === "PLANNED" ? null : start,
      completedAt: finishedAt,
      createdAt: hoursAfter(start, -1),
      updatedAt: finishedAt ?? lastActivity ?? start,
      ...(spec.session && { charter: spec.session.charter, timeBoxMinutes: spec.session.timeBoxMinutes, verdict: spec.session.verdict ?? null, verdictSummary: spec.session.verdictSummary ?? null }),
    });
    for (const n of spec.session?.notes ?? []) {
      const at = hoursAfter(start, n.minutes / 60);
      noteRows.push({ projectId, runId, kind: n.kind, body: n.body, createdById: ownerId, createdAt: at, updatedAt: at, ...(n.defect && { defectTracker: "JIRA", defectKey: n.defect.key, defectUrl: n.defect.url }) });
    }
  }

  await tx.insert(testRuns).values(runRows);
  await tx.insert(runEntries).values(entryRows);
  await tx.insert(results).values(resultRows);
  if (noteRows.length) await tx.insert(exploratoryNotes).values(noteRows);
  await recountRuns(tx, projectId);

  const savedCard = failures.get("savedCard");
  if (savedCard) {
    await tx.insert(defectLinks).values({
      projectId,
      ...savedCard,
      tracker: "JIRA",
      key: "SHOP-482",
      url: "https://jira.example.com/browse/SHOP-482",
      title: "Saved-card payment fails with 502 from payment service",
      status: "In Progress",
      createdById: ownerId,
      createdAt: daysBefore(now, 2),
    });
  }
  const euTax = cases.find((c) => c.spec.ref === "euTax");
  if (euTax) {
    await tx.insert(waivers).values({
      projectId,
      milestoneId: ms.v240,
      caseId: euTax.id,
      environmentId: envIds.Staging,
      reason: "One-cent VAT rounding difference accepted for 2.4.0 by finance; fix planned for 2.4.1.",
      createdById: ownerId,
      createdAt: daysBefore(now, 1),
    });
  }
}

/** Counters come from the entries themselves, so they cannot disagree with them. */
async function recountRuns(tx: Tx, projectId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE test_runs AS r
    SET total = c.total, passed = c.passed, failed = c.failed, blocked = c.blocked,
        skipped = c.skipped, retest = c.retest, untested = c.untested, flaky = c.flaky
    FROM (
      SELECT run_id,
             count(*)::int AS total,
             count(*) FILTER (WHERE status = 'PASSED')::int AS passed,
             count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
             count(*) FILTER (WHERE status = 'BLOCKED')::int AS blocked,
             count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped,
             count(*) FILTER (WHERE status = 'RETEST')::int AS retest,
             count(*) FILTER (WHERE status = 'UNTESTED')::int AS untested,
             count(*) FILTER (WHERE flaky)::int AS flaky
      FROM run_entries
      WHERE project_id = ${projectId}
      GROUP BY run_id
    ) AS c
    WHERE r.id = c.run_id`);
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function idsFor<K extends string>(keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, randomUUID()])) as Record<K, string>;
}

function parentPath(path: string): string | null {
  const i = path.lastIndexOf("/");
  return i < 0 ? null : path.slice(0, i);
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

function daysAfter(now: Date, days: number): Date {
  return daysBefore(now, -days);
}

function hoursAfter(t: Date, hours: number): Date {
  return new Date(t.getTime() + hours * 3_600_000);
}

/** Manual step results (0-based): a failure shows on the last step, a block stops the first. */
function stepResultsFor(stepCount: number, status: ResultStatus): StepResult[] | null {
  const stepStatus = (index: number): ResultStatus => {
    if (status === "PASSED") return "PASSED";
    if (status === "FAILED") return index === stepCount - 1 ? "FAILED" : "PASSED";
    return index === 0 ? "BLOCKED" : "UNTESTED";
  };
  if (status !== "PASSED" && status !== "FAILED" && status !== "BLOCKED") return null;
  return Array.from({ length: stepCount }, (_, index) => ({ index, status: stepStatus(index) }));
}

/** A tiny seeded PRNG, so the demo comes out the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
