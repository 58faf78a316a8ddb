import { TopBar } from "@/components/top-bar";
import { signOut } from "@/lib/auth/config";
import type { Actor } from "@/lib/context";
import { unreadCountForActor } from "@/lib/notify/queries";

/** Every signed-in page's frame: the top bar (with the unread count read here, on the server) and the main column. */
export async function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  const unread = await unreadCountForActor(actor);
  return (
    <div className="min-h-screen">
      <TopBar user={{ email: actor.email, isAdmin: actor.isAdmin }} unread={unread} signOutAction={signOutAction} />
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8 print:max-w-none print:px-0 print:py-0">{children}</main>
    </div>
  );
}
