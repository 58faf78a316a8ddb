import { handlers } from "@/lib/auth/config";

// GET|POST /api/auth/* — Auth.js sign-in, sign-out, session and CSRF endpoints
export const { GET, POST } = handlers;
