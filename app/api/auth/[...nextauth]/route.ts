import { withBodyLimit } from "@/lib/api/body-limit";
import { handlers } from "@/lib/auth/config";

// GET|POST /api/auth/* — Auth.js sign-in, sign-out, session and CSRF endpoints; POST
// /api/auth/callback/credentials answers 429 with Retry-After while the sign-in is rate limited,
// and 413 for a body over 64 KB (read with that limit before Auth.js sees it)
export const GET = handlers.GET;
export const POST = withBodyLimit(handlers.POST);
