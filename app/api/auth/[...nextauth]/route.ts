import { handlers } from "@/lib/auth/config";

// GET|POST /api/auth/* — Auth.js sign-in, sign-out, session and CSRF endpoints; POST
// /api/auth/callback/credentials answers 429 with Retry-After while the sign-in is rate limited
export const { GET, POST } = handlers;
