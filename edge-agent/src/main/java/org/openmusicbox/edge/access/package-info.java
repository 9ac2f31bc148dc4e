/**
 * Who may change the box: the parent access token, the phones paired for remote access, the budgets and
 * throttles that slow guessing and flooding, and the log of refusals. Used by both endpoints; the token's hash is stored through {@link
 * org.openmusicbox.edge.access.TokenStore}.
 */
package org.openmusicbox.edge.access;
