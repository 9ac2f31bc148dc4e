package org.openmusicbox.protocol.v1.mqtt;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code remote/phones}, device to cloud, retained: whether remote access is on, and the phones paired for it, each
 * with the SHA-256 (hex) of its credential, never the credential. A relay checks a phone's credential against this
 * box's list only, so a credential for one box opens nothing of another. While remote access is off the phones are
 * still listed (turning it on again needs no new pairing); the relay lets none of them in. {@code updated_at} is an
 * ISO-8601 instant: when the box wrote the list.
 */
public record RemotePhones(Boolean enabled, List<Phone> phones, String updatedAt) {

    /** More phones than a family has; a bound on the message a relay reads. */
    public static final int MAX_PHONES = 200;

    public RemotePhones {
        Check.required(enabled, "enabled");
        phones = Check.list(phones, "phones");
        if (phones.size() > MAX_PHONES) {
            throw new IllegalArgumentException("phones must be at most " + MAX_PHONES + ", was " + phones.size());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < phones.size(); i++) {
            if (!ids.add(phones.get(i).phoneId())) {
                throw new IllegalArgumentException("phones[" + i + "].phone_id is listed twice: "
                        + Check.quoted(phones.get(i).phoneId()));
            }
        }
        Check.instant(updatedAt, "updated_at");
    }

    /** One paired phone: its id as the box made it ({@code phone-} and 16 hex digits) and its credential's hash. */
    public record Phone(String phoneId, String credentialSha256) {

        private static final Pattern ID = Pattern.compile("phone-[0-9a-f]{16}");

        public Phone {
            if (phoneId == null || !ID.matcher(phoneId).matches()) {
                throw new IllegalArgumentException(
                        "phone_id must be 'phone-' and 16 lower-case hex digits, was " + Check.quoted(phoneId));
            }
            Check.required(credentialSha256, "credential_sha256");
            Check.sha256(credentialSha256, "credential_sha256");
        }
    }
}
