package org.openmusicbox.cloud.relay.away;

import java.util.Objects;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The paths of {@link AwayUploads}, {@link OfflineLibrary} and {@link OfflineEdits}, each behind the relay's
 * credential check: a request without a credential paired with that very box is answered 401 and reaches no
 * handler.
 *
 * <ul>
 *   <li>{@link #uploads}: always, whether the box is online or not (the box is not asked).</li>
 *   <li>{@link #offline}: only while the box's presence says offline; while it is online the same paths go to the
 *       box as commands.</li>
 * </ul>
 */
public final class AwayRoutes {

    public static final String UPLOADS = "/boxes/{device_id}/api/away/uploads";
    private static final String PLAYLISTS = "/boxes/{device_id}/api/playlists";

    private AwayRoutes() {}

    public static RouterFunction<ServerResponse> uploads(AwayUploads uploads, Phones phones, JsonCodec codec) {
        return RouterFunctions.route()
                .POST(UPLOADS, uploads::start)
                .POST(UPLOADS + "/", uploads::start)
                .POST(UPLOADS + "/resume", uploads::resume)
                .POST(UPLOADS + "/complete", uploads::complete)
                .POST(UPLOADS + "/finish", uploads::finish)
                .filter(paired(phones, codec))
                .build();
    }

    /** The box's playlist routes it can answer from the cloud's copy; for the relay to try while the box is offline. */
    public static RouterFunction<ServerResponse> offline(
            OfflineLibrary library, OfflineEdits edits, Phones phones, JsonCodec codec) {
        return RouterFunctions.route()
                .GET(PLAYLISTS, library::list)
                .GET(PLAYLISTS + "/", library::list)
                .POST(PLAYLISTS, edits::create)
                .POST(PLAYLISTS + "/", edits::create)
                .GET(PLAYLISTS + "/{id}", library::get)
                .PUT(PLAYLISTS + "/{id}", edits::update)
                .DELETE(PLAYLISTS + "/{id}", edits::delete)
                .POST(PLAYLISTS + "/{id}/reorder", edits::reorder)
                .DELETE(PLAYLISTS + "/{id}/tracks", edits::deleteTracks)
                .filter(paired(phones, codec))
                .build();
    }

    /** Lets through only a request whose credential is paired with the box its path names. */
    static HandlerFilterFunction<ServerResponse, ServerResponse> paired(Phones phones, JsonCodec codec) {
        Objects.requireNonNull(phones, "phones");
        AwayReplies replies = new AwayReplies(codec);
        return (request, next) -> {
            String deviceId = request.pathVariables().get("device_id");
            String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
            if (deviceId == null
                    || authorization == null
                    || phones.phoneOf(deviceId, authorization).isEmpty()) {
                return replies.error(
                        HttpStatus.UNAUTHORIZED,
                        ApiError.UNAUTHORIZED,
                        "This phone is not paired with this box. Pair it from the box's page at home.");
            }
            return next.handle(request);
        };
    }
}
