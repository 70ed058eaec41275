// For dashboard pages (server components): the signed-in caller when their role may open the
// dashboard, else a redirect to sign-in (anonymous) or a 404 (a fan: the dashboard does not exist
// for them). Each page still checks the venue or event it shows (lib/admin/access.ts).
import { notFound } from "next/navigation";
import type { Caller } from "@/lib/auth/get-caller";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { DASHBOARD_ROLES } from "./access";

export async function requireDashboardUser(callbackPath: string, roles: readonly Caller["role"][] = DASHBOARD_ROLES): Promise<Caller> {
  const caller = await requirePageUser(callbackPath);
  if (!roles.includes(caller.role)) notFound();
  return caller;
}
