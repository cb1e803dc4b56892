package io.pgmob.hba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HbaUnitTests {

  static final String FILE = """
      # TYPE  DATABASE        USER            ADDRESS                 METHOD
      \t# tabbed comment with a back\\slash and ünïcødé

      local   all             postgres                                peer
      local   "all",app       all                                     trust # trailing comment
      host    all             all             127.0.0.1/32            scram-sha-256
      host\tall\tall\t::1/128\tscram-sha-256
      hostssl app,reports     +readers        10.1.0.0 255.255.0.0    scram-sha-256 clientcert=verify-full
      host    "my db"         "the user"      .example.com            md5
      host    replication     all             samehost                trust
      hostnossl all           all             fe80::%eth0/64          reject
      this is not a rule
      include_if_exists extra.conf
      host    all             all             0.0.0.0/0               ldap ldapserver=ldap.example.com ldapprefix="cn=" ldapsuffix=", dc=example, dc=net"
      host    all   \\
              all   192.168.0.0/16   trust
      """;

  static HbaFile file(String text) {
    return HbaFile.parse(null, "/x/pg_hba.conf", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesEveryRuleKindAndKeepsTheRest() {
    HbaFile f = file(FILE);
    List<HbaRule> rules = f.rules();
    assertThat(rules).hasSize(10);
    assertThat(rules.get(0).type()).isEqualTo("local");
    assertThat(rules.get(0).address()).isNull();
    assertThat(rules.get(0).method()).isEqualTo("peer");
    assertThat(rules.get(1).databases()).containsExactly("\"all\"", "app");
    assertThat(rules.get(1).method()).isEqualTo("trust");
    assertThat(rules.get(3).address()).isEqualTo("::1/128");
    HbaRule ssl = rules.get(4);
    assertThat(ssl.type()).isEqualTo("hostssl");
    assertThat(ssl.databases()).containsExactly("app", "reports");
    assertThat(ssl.users()).containsExactly("+readers");
    assertThat(ssl.address()).isEqualTo("10.1.0.0");
    assertThat(ssl.netmask()).isEqualTo("255.255.0.0");
    assertThat(ssl.options()).isEqualTo(Map.of("clientcert", "verify-full"));
    assertThat(rules.get(5).databases()).containsExactly("\"my db\"");
    assertThat(rules.get(5).address()).isEqualTo(".example.com");
    assertThat(rules.get(6).address()).isEqualTo("samehost");
    assertThat(rules.get(7).address()).isEqualTo("fe80::%eth0/64");
    assertThat(rules.get(8).options()).containsEntry("ldapsuffix", "\", dc=example, dc=net\"")
        .containsEntry("ldapprefix", "\"cn=\"");
    assertThat(rules.get(9).address()).isEqualTo("192.168.0.0/16");
    assertThat(f.lines()).contains("this is not a rule", "include_if_exists extra.conf", "");
  }

  @Test
  void unchangedFileAndUntouchedLinesAreWrittenBackByteForByte() {
    byte[] bytes = (FILE + "no newline at the end\r").getBytes(StandardCharsets.UTF_8);
    HbaFile f = HbaFile.parse(null, "p", bytes);
    assertThat(f.bytes()).isEqualTo(bytes);
    HbaRule added = HbaRule.host("app", "bob", "10.9.0.0/16", "reject");
    HbaFile g = f.insert(2, added).remove(HbaRule.parse("host all all 127.0.0.1/32 scram-sha-256"));
    String expected = (FILE + "no newline at the end\r")
        .replace("host    all             all             127.0.0.1/32            scram-sha-256\n", "")
        .replace("host\tall\tall\t::1/128", "host app bob 10.9.0.0/16 reject\nhost\tall\tall\t::1/128");
    assertThat(new String(g.bytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(g.isChanged()).isTrue();
    assertThat(g.rules().get(2)).isEqualTo(added);
    assertThat(f.isChanged()).isFalse();
    assertThat(f.rules()).hasSize(10);
  }

  @Test
  void rulesCompareByMeaningNotSpelling() {
    assertThat(HbaRule.parse("host all all 127.0.0.1/32 scram-sha-256"))
        .isEqualTo(HbaRule.parse("host\tall   all 127.0.0.1 255.255.255.255\tscram-sha-256  # same"))
        .hasSameHashCodeAs(HbaRule.parse("host all all 127.0.0.1 255.255.255.255 scram-sha-256"));
    assertThat(HbaRule.parse("host a,b x,y 10.1.2.3/8 md5")).isEqualTo(HbaRule.parse("host b,a y,x 10.0.0.0/8 md5"));
    assertThat(HbaRule.parse("host all all ::1/128 trust")).isEqualTo(HbaRule.parse("host all all 0:0:0::1/128 trust"));
    assertThat(HbaRule.parse("host all all 2001:db8::/32 trust"))
        .isEqualTo(HbaRule.parse("host all all 2001:DB8:0:0:: ffff:ffff:: trust"));
    assertThat(HbaRule.parse("host all all DB.Example.com trust")).isEqualTo(HbaRule.parse("host all all db.example.com trust"));
    assertThat(HbaRule.parse("host all all samehost trust")).isNotEqualTo(HbaRule.parse("host all all samenet trust"));
    assertThat(HbaRule.parse("local all all trust")).isNotEqualTo(HbaRule.parse("local \"all\" all trust"));
    assertThat(HbaRule.parse("host all all 10.0.0.0/8 trust")).isNotEqualTo(HbaRule.parse("host all all 10.0.0.0/16 trust"));
    assertThat(HbaRule.parse("host all all 10.0.0.0/8 ldap a=1")).isNotEqualTo(HbaRule.parse("host all all 10.0.0.0/8 ldap a=2"));
  }

  @Test
  void containsAddInsertAndRemoveWorkOnMeaning() {
    HbaFile f = file(FILE);
    HbaRule r = HbaRule.parse("host all all 127.0.0.1 255.255.255.255 scram-sha-256");
    assertThat(f.contains(r)).isTrue();
    assertThat(f.indexOf(r)).isEqualTo(2);
    HbaFile g = f.remove(r);
    assertThat(g.contains(r)).isFalse();
    assertThat(g.rules()).hasSize(9);
    assertThat(g.remove(r)).isSameAs(g);
    HbaRule deny = HbaRule.host("app", "mallory", "all", "reject");
    assertThat(g.insert(0, deny).rules().get(0)).isEqualTo(deny);
    // before the first rule, after the header comments
    assertThat(g.insert(0, deny).lines().get(3)).isEqualTo("host app mallory all reject");
    assertThat(g.insert(0, deny).lines().get(4)).startsWith("local   all             postgres");
    assertThat(g.add(deny).lines().get(g.add(deny).lines().size() - 1)).isEqualTo("host app mallory all reject");
    assertThat(g.insert(9, deny).rules().get(9)).isEqualTo(deny);
    assertThatThrownBy(() -> g.insert(10, deny)).isInstanceOf(InvalidInputException.class).hasMessageContaining("0..9");
  }

  @Test
  void badRulesAreRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> HbaRule.parse("hots all all 1.2.3.4/32 md5")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hots");
    assertThatThrownBy(() -> HbaRule.parse("host all all")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.parse("# comment")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.host("my db", "u", "all", "md5")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.host("db", "u", "all", "md5 # x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.host("db", "u", "all\nlocal all all trust", "md5"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.local("db", "u", "md5").withOption("x", "a b"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(HbaRule.host("\"my db\"", "u", "all", "md5").render()).isEqualTo("host \"my db\" u all md5");
    assertThat(HbaRule.local("all", "postgres", "peer").withOption("map", "admins").render())
        .isEqualTo("local all postgres peer map=admins");
  }
}
