package org.openmusicbox.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the edge agent and who may enter them, checked on the compiled main classes so that a wrong
 * import fails {@code mvn verify} instead of waiting for a reviewer to notice it.
 *
 * <p>A port is a package directly under {@code org.openmusicbox.edge} ({@code nfc}, {@code audio}, ...); an
 * adapter is any package below a port ({@code nfc.pn532}, {@code audio.lavaplayer}, {@code library.sqlite},
 * ...), so an adapter added later is guarded without touching this class. {@code api} is the exception: its
 * subpackages are the endpoints, not adapters of an {@code api} port.
 *
 * <p>The composition root is the package {@code org.openmusicbox.edge} itself, its classes and not its
 * subpackages: {@code EdgeAgent} and the classes that put each endpoint together. It may reach every adapter
 * and every vendor the endpoints use; nothing outside it depends on it. No rule has an exception.
 */
class ArchitectureTest {

    private static final String EDGE = "org.openmusicbox.edge";
    /** The composition root: the classes directly in this package, not those of its subpackages. */
    private static final String ROOT = EDGE;

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(EDGE);
    }

    @Test
    void theRulesSeeTheAdaptersTheyGuard() {
        // Without this a wrong import path or a moved root would let every rule below pass on nothing.
        Set<String> adapters = new TreeSet<>();
        Set<String> root = new TreeSet<>();
        for (JavaClass c : main) {
            String adapter = adapterOf(c.getPackageName());
            if (adapter != null) {
                adapters.add(adapter.substring(EDGE.length() + 1));
            }
            if (c.getPackageName().equals(ROOT) && !c.isNestedClass()) {
                root.add(c.getSimpleName());
            }
        }
        assertTrue(
                adapters.containsAll(List.of(
                        "access.sqlite",
                        "audio.file",
                        "audio.javasound",
                        "audio.lavaplayer",
                        "audio.silent",
                        "box.sqlite",
                        "controls.pi4j",
                        "events.sqlite",
                        "library.sqlite",
                        "media.sqlite",
                        "nfc.pn532",
                        "nfc.simulated",
                        "sync.paho",
                        "upload.jaudiotagger",
                        "upload.sqlite")),
                "adapters found: " + adapters);
        assertTrue(
                root.containsAll(List.of("EdgeAgent", "HttpEndpoint", "SocketEndpoint")),
                "classes of the composition root " + ROOT + " found: " + root);
    }

    @Test
    void adaptersAreReachedOnlyFromTheirPortAndTheCompositionRoot() {
        classes()
                .should(beReachedOnlyFromTheirPortAndTheCompositionRoot())
                .because(
                        "a port's callers must not know which adapter is plugged in; only the composition root chooses")
                .check(main);
    }

    @Test
    void boxNeverImportsApi() {
        noClasses()
                .that()
                .resideInAPackage(EDGE + ".box..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(EDGE + ".api..")
                .because("the box's state changes the same way whichever endpoint asked; endpoints call the box")
                .check(main);
    }

    @Test
    void eventsKnowNeitherTheBoxNorTheEndpoints() {
        noClasses()
                .that()
                .resideInAPackage(EDGE + ".events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(EDGE + ".box..", EDGE + ".api..")
                .because("the plumbing numbers, keeps and hands on events whoever raised and whoever delivers them")
                .check(main);
    }

    @Test
    void nothingOutsideTheCompositionRootDependsOnIt() {
        // A package name without ".." is that package alone: the rooms below it are outside.
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("the composition root wires everything; whatever a room needs is handed to it")
                .check(main);
    }

    @Test
    void pi4jOnlyInTheHardwareAdapters() {
        vendorOnlyIn(
                "the buttons' GPIO and the NFC reader's I2C are the only hardware the box drives",
                List.of("com.pi4j.."),
                EDGE + ".controls.pi4j..",
                EDGE + ".nfc.pn532..");
    }

    @Test
    void lavaplayerOnlyInItsAdapter() {
        vendorOnlyIn(
                "decoding is one adapter of the audio room's decoder port",
                List.of("com.sedmelluq..", "dev.arbjerg.."),
                EDGE + ".audio.lavaplayer..");
    }

    @Test
    void javaSoundOnlyInItsAdapter() {
        vendorOnlyIn(
                "the sound card is one adapter of the audio room's output port",
                List.of("javax.sound.."),
                EDGE + ".audio.javasound..");
    }

    @Test
    void sqliteOnlyInTheStorageAdapters() {
        vendorOnlyIn(
                "the SQLite file is one way to store the library, the tokens, the sessions, the player's memory and the media cache's book",
                List.of("org.sqlite..", "java.sql.."),
                "..sqlite..",
                EDGE + ".db..");
    }

    @Test
    void jaudiotaggerOnlyInItsAdapter() {
        vendorOnlyIn(
                "reading tags is one adapter of the upload's tag port",
                List.of("org.jaudiotagger.."),
                EDGE + ".upload.jaudiotagger..");
    }

    @Test
    void pahoOnlyInTheCloudLinkAdapter() {
        vendorOnlyIn(
                "the MQTT client is one adapter of the sync room's cloud link port",
                List.of("org.eclipse.paho.."),
                EDGE + ".sync.paho..");
    }

    @Test
    void socketIoLibraryOnlyInTheSocketIoEndpoint() {
        vendorOnlyIn(
                "netty-socketio is how the Socket.IO endpoint speaks, nothing else's business",
                List.of("com.corundumstudio.."),
                EDGE + ".api.socketio..");
    }

    @Test
    void springAndReactorOnlyInTheHttpEndpointAndTheRoot() {
        vendorOnlyIn(
                "the box runs no Spring container; WebFlux and Reactor Netty only serve HTTP",
                List.of("org.springframework..", "reactor.."),
                EDGE + ".api.http..",
                EDGE + ".api.connections..",
                ROOT);
    }

    @Test
    void nettyOnlyInTheEndpoints() {
        vendorOnlyIn(
                "connections are the endpoints' concern; the rooms behind them see requests, not channels",
                List.of("io.netty.."),
                EDGE + ".api..");
    }

    /**
     * No class outside {@code rooms} depends on a class in {@code vendor}. A room is an ArchUnit package pattern:
     * {@code ROOT}, without {@code ..}, is the root package alone.
     */
    private static void vendorOnlyIn(String because, List<String> vendor, String... rooms) {
        List<String> places = List.of(rooms);
        classes()
                .should(new ArchCondition<JavaClass>("use " + vendor + " only in " + places) {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        if (matches(places, origin.getPackageName())) {
                            return;
                        }
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass();
                            if (matches(vendor, target.getPackageName())) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .because(because)
                .check(main);
    }

    private static ArchCondition<JavaClass> beReachedOnlyFromTheirPortAndTheCompositionRoot() {
        return new ArchCondition<>("be reached, when in an adapter, only from the adapter, its port and " + ROOT) {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                String adapter = adapterOf(target.getPackageName());
                if (adapter == null) {
                    return;
                }
                String port = adapter.substring(0, adapter.lastIndexOf('.'));
                for (Dependency d : target.getDirectDependenciesToSelf()) {
                    JavaClass origin = d.getOriginClass();
                    String from = origin.getPackageName();
                    boolean inside = from.equals(adapter) || from.startsWith(adapter + ".");
                    if (!inside && !from.equals(port) && !from.equals(ROOT)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    /** The adapter package that {@code pkg} lies in (the port's direct subpackage), or null. */
    private static String adapterOf(String pkg) {
        if (!pkg.startsWith(EDGE + ".")) {
            return null;
        }
        String[] parts = pkg.substring(EDGE.length() + 1).split("\\.");
        if (parts.length < 2 || parts[0].equals("api")) {
            return null;
        }
        return EDGE + "." + parts[0] + "." + parts[1];
    }

    private static boolean matches(List<String> patterns, String pkg) {
        for (String p : patterns) {
            if (PackageMatchers.of(p).test(pkg)) {
                return true;
            }
        }
        return false;
    }
}
