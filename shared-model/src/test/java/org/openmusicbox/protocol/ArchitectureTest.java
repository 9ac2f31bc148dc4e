package org.openmusicbox.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The wire protocol is shared by the box and the cloud, so it depends on neither: its classes reach only the JDK,
 * Jackson and themselves, and its pom names no other module of this project. Maven would refuse a dependency
 * on edge-agent or cloud-functions as a cycle only while they depend on this module; the pom check does not
 * rely on that.
 *
 * <p>The module also carries {@code org.openmusicbox.schema}, the numbered SQL steps both stores apply; it
 * needs the JDK alone. No other package belongs in this module.
 */
class ArchitectureTest {

    private static final String PROJECT_GROUP = "org.openmusicbox";

    private static final String PROTOCOL = "org.openmusicbox.protocol..";
    private static final String SCHEMA = "org.openmusicbox.schema..";
    private static final String SYNC = "org.openmusicbox.protocol.v1.sync..";

    @Test
    void theProtocolDependsOnlyOnTheJdkJacksonAndItself() {
        JavaClasses main = mainClasses();
        assertTrue(
                main.contain("org.openmusicbox.protocol.json.JsonCodec"), "the protocol's classes were not imported");
        classes()
                .that()
                .resideInAPackage(PROTOCOL)
                .should()
                .onlyDependOnClassesThat()
                // javax.net: the JDK's socket factories, for the broker connection both ends open (NoDelaySockets,
                // BrokerTls); javax.security.auth.x500: a certificate's name, in BrokerTls's messages.
                .resideInAnyPackage(
                        "java..", "javax.net..", "javax.security.auth.x500..", "com.fasterxml.jackson..", PROTOCOL)
                .because("the box and the cloud both speak this protocol; it must not lean on either of them")
                .check(main);
    }

    @Test
    void theSyncModelDependsOnlyOnTheJdkAndItself() {
        JavaClasses main = mainClasses();
        assertTrue(
                main.contain("org.openmusicbox.protocol.v1.sync.Replica"),
                "the sync model's classes were not imported");
        classes()
                .that()
                .resideInAPackage(SYNC)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", SYNC)
                .because("the reference model of the conflict rules is plain logic that SQLite and PostgreSQL"
                        + " implementations are checked against; JSON mapping belongs to the messages")
                .check(main);
    }

    @Test
    void theSchemaStepsDependOnlyOnTheJdkAndThemselves() {
        JavaClasses main = mainClasses();
        assertTrue(main.contain("org.openmusicbox.schema.Migration"), "the schema's classes were not imported");
        classes()
                .that()
                .resideInAPackage(SCHEMA)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", SCHEMA)
                .because("reading numbered SQL steps needs neither JSON nor the protocol")
                .check(main);
    }

    @Test
    void nothingElseLivesInThisModule() {
        classes()
                .should()
                .resideInAnyPackage(PROTOCOL, SCHEMA)
                .because("this module is what the box and the cloud share; anything else belongs to one of them")
                .check(mainClasses());
    }

    @Test
    void thePomNamesNoOtherModule() throws Exception {
        Path pom = Path.of(System.getProperty("user.dir"), "pom.xml");
        assertTrue(Files.isRegularFile(pom), "no pom.xml in " + pom.getParent());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        assertEquals("shared-model", child(doc.getDocumentElement(), "artifactId"), "read the wrong pom: " + pom);
        NodeList dependencies = doc.getElementsByTagName("dependency");
        assertTrue(dependencies.getLength() > 0, "found no dependency at all in " + pom);
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            String group = child(d, "groupId");
            assertFalse(
                    group.equals(PROJECT_GROUP)
                            || group.equals("${project.groupId}")
                            || group.equals("${project.parent.groupId}"),
                    "shared-model depends on " + group + ":" + child(d, "artifactId")
                            + ", another module of this project");
        }
    }

    private static JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.openmusicbox");
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return "";
    }
}
