// What of a user may leave the server: an explicit select (never `password_hash`) and its JSON shape.
// Every query that returns a user to a caller selects through `publicUserSelect`, so a new secret
// column cannot leak by default.
import type { Prisma, UserRole } from "@/lib/generated/prisma/client";

export const publicUserSelect = {
  id: true,
  username: true,
  email: true,
  phone: true,
  address: true,
  role: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

/** The API shape (snake_case, ids as strings like the rest of the API). */
export type UserJson = {
  user_id: string;
  username: string;
  email: string;
  phone: string | null;
  address: string | null;
  role: UserRole;
  create_datetime: string;
};

export function toUserJson(user: PublicUser): UserJson {
  return {
    user_id: String(user.id),
    username: user.username,
    email: user.email,
    phone: user.phone,
    address: user.address,
    role: user.role,
    create_datetime: user.createdAt.toISOString(),
  };
}
