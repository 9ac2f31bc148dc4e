package org.openmusicbox.edge.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.access.ParentCode;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.setup.Claim;
import org.openmusicbox.edge.setup.ClaimRefused;
import org.openmusicbox.edge.setup.SetupState;

/**
 * {@code {box_name, parent_code}} from a phone that sets the box up, read the same way over HTTP
 * ({@code POST /api/setup/claim}) and Socket.IO ({@code claim_box}), and the claim's refusals in the error
 * envelope both share.
 */
public final class ClaimRequest {

    /** Longest name read before trimming; the rule itself is {@link Claim#MAX_NAME} after it. */
    private static final int MAX_RAW_NAME = 200;

    private ClaimRequest() {}

    /** Begins the claim, or throws the {@link BoxError} to answer with; slow (hashes the code). */
    public static SetupState begin(Claim claim, Payload payload) {
        String name = payload.requiredString("box_name", MAX_RAW_NAME);
        String given = payload.requiredString("parent_code", ParentCode.MAX_LENGTH);
        payload.check();
        // Stripped as a login strips what it is given, so a space typed at the end does not lock the parent out.
        String code = given.strip();
        Map<String, String> problems = Claim.problems(name, code);
        if (!problems.isEmpty()) {
            List<BoxError.FieldProblem> list = new ArrayList<>();
            problems.forEach((field, message) -> list.add(new BoxError.FieldProblem(field, message)));
            throw BoxError.invalid(list);
        }
        try {
            return claim.begin(name, code);
        } catch (ClaimRefused e) {
            throw new BoxError(
                    e.errorType(),
                    409,
                    e.getMessage(),
                    e.expiresAt() == null ? null : Map.of("expires_at", e.expiresAt()),
                    null);
        }
    }

    /** The state as the page reads it: {@code expires_at} only while waiting. */
    public static Map<String, Object> shown(SetupState state) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("state", state.state());
        data.put("box_name", state.boxName());
        if (state.expiresAt() != null) {
            data.put("expires_at", state.expiresAt());
            data.put("expires_in_ms", state.expiresInMs());
        }
        return data;
    }
}
