package io.pgmob.role;

import org.jspecify.annotations.Nullable;

/**
 * {@code member} is a member of {@code role} ({@code GRANT role TO member}).
 *
 * @param role the role granted (the "group")
 * @param member the role that received it
 * @param adminOption whether the member may grant {@code role} to others ({@code WITH ADMIN OPTION})
 * @param grantor the role that granted it, if it still exists
 */
public record Membership(String role, String member, boolean adminOption, @Nullable String grantor) {}
