package dev.pfms.api.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The BOM has no parent (importing it must not import the build), so its versions are copies. */
class BomTest {

  private static final Path ROOT = Path.of("..");

  private static Element properties(Path pom) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList l = d.getDocumentElement().getChildNodes();
    for (int i = 0; i < l.getLength(); i++) {
      if (l.item(i) instanceof Element e && e.getTagName().equals("properties")) {
        return e;
      }
    }
    throw new AssertionError("no <properties> in " + pom);
  }

  @Test
  @DisplayName("every version property of the BOM equals the parent's, and the BOM version is the project's")
  void bomVersionsEqualTheParentsVersions() throws Exception {
    Element bom = properties(ROOT.resolve("pfms-bom/pom.xml"));
    Element parent = properties(ROOT.resolve("pom.xml"));
    NodeList l = bom.getChildNodes();
    int checked = 0;
    for (int i = 0; i < l.getLength(); i++) {
      Node n = l.item(i);
      if (n instanceof Element e) {
        NodeList same = parent.getElementsByTagName(e.getTagName());
        assertThat(same.getLength()).as("parent pom declares " + e.getTagName()).isEqualTo(1);
        assertThat(e.getTextContent().trim()).as(e.getTagName()).isEqualTo(same.item(0).getTextContent().trim());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5);
    Matcher v = Pattern.compile("<artifactId>pfms-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(v.find()).isTrue();
    assertThat(Files.readString(ROOT.resolve("pfms-bom/pom.xml"))).contains("<version>" + v.group(1) + "</version>");
  }

  @Test
  @DisplayName("the BOM manages every library module of the reactor")
  void bomManagesEveryLibraryModule() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("pfms-bom/pom.xml"));
    Matcher m = Pattern.compile("<module>(pfms-[a-z]+)</module>").matcher(root);
    while (m.find()) {
      String module = m.group(1);
      if (module.equals("pfms-bom") || module.equals("pfms-examples") || module.equals("pfms-benchmarks")) {
        continue;
      }
      assertThat(bom).as("pfms-bom manages " + module).contains("<artifactId>" + module + "</artifactId>");
    }
  }
}
