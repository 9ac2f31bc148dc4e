package org.openmusicbox.edge.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.http.MediaType;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

class ByteBodiesTest {

    private static final WebExceptionHandler NOTHING = (exchange, error) -> Mono.error(error);

    @Test
    void readsAndWritesByteArraysOnlyWithTheBodyLimit() {
        ByteBodies bodies = new ByteBodies(4096);
        ResolvableType bytes = ResolvableType.forClass(byte[].class);
        ResolvableType text = ResolvableType.forClass(String.class);
        assertEquals(1, bodies.getReaders().size());
        assertTrue(bodies.getReaders().get(0).canRead(bytes, MediaType.APPLICATION_JSON));
        assertFalse(bodies.getReaders().get(0).canRead(text, MediaType.APPLICATION_JSON));
        assertFalse(bodies.getReaders().get(0).canRead(ResolvableType.forClass(java.util.Map.class), null));
        assertEquals(1, bodies.getWriters().size());
        assertTrue(bodies.getWriters().get(0).canWrite(bytes, MediaType.APPLICATION_JSON));
        assertFalse(bodies.getWriters().get(0).canWrite(text, MediaType.TEXT_PLAIN));
        var decoder = (ByteArrayDecoder)
                ((DecoderHttpMessageReader<?>) bodies.getReaders().get(0)).getDecoder();
        assertEquals(4096, decoder.getMaxInMemorySize());
    }

    @Test
    void theRouterGetsTheSameBodiesTheFiltersInOrderAndNoViews() {
        ByteBodies bodies = new ByteBodies(1024);
        var strategies = bodies.strategies(List.of(), NOTHING);
        assertSame(bodies.getReaders(), strategies.messageReaders());
        assertSame(bodies.getWriters(), strategies.messageWriters());
        assertEquals(List.of(), strategies.viewResolvers());
        assertEquals(List.of(NOTHING), strategies.exceptionHandlers());
    }

    @Test
    void springsDefaultCodecsCannotBeSwitchedBackOn() {
        ByteBodies bodies = new ByteBodies(1024);
        assertThrows(UnsupportedOperationException.class, () -> bodies.registerDefaults(true));
        assertThrows(UnsupportedOperationException.class, bodies::defaultCodecs);
        bodies.registerDefaults(false);
        assertSame(bodies, bodies.clone());
    }
}
