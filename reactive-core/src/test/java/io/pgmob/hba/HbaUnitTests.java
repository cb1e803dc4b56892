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

  @Test
  void aPrefixLengthInAnotherScriptsDigitsIsNotTheSameAddress() {
    assertThat(HbaRule.parse("host all all 10.0.0.0/\u0668 md5")).isNotEqualTo(HbaRule.parse("host all all 10.0.0.0/8 md5"));
    assertThat(HbaRule.parse("host all all 10.0.0.0/\uff18 md5")).isNotEqualTo(HbaRule.parse("host all all 10.0.0.0/8 md5"));
    assertThat(HbaRule.parse("host all all 10.1.0.0/8 md5")).isEqualTo(HbaRule.parse("host all all 10.0.0.0/8 md5"));
  }

  @Test
  void anEarlierRuleShadowsALaterOneOnlyWhenItMatchesEveryConnectionTheLaterWould() {
    HbaRule localAll = HbaRule.parse("local all all peer");
    assertThat(localAll.matchesEveryConnectionOf(HbaRule.parse("local all admin trust"))).isTrue();
    assertThat(localAll.matchesEveryConnectionOf(HbaRule.parse("local app,\"x y\" +g,admin trust"))).isTrue();
    assertThat(localAll.matchesEveryConnectionOf(HbaRule.parse("local replication all trust"))).isFalse();
    assertThat(localAll.matchesEveryConnectionOf(HbaRule.parse("host all admin all trust"))).isFalse();
    assertThat(HbaRule.parse("local app,b all peer").matchesEveryConnectionOf(HbaRule.parse("local b u trust"))).isTrue();
    assertThat(HbaRule.parse("local app u peer").matchesEveryConnectionOf(HbaRule.parse("local app v trust"))).isFalse();
    assertThat(HbaRule.parse("local app u peer").matchesEveryConnectionOf(HbaRule.parse("local all u trust"))).isFalse();
    assertThat(HbaRule.parse("local \"all\" u peer").matchesEveryConnectionOf(HbaRule.parse("local app u trust"))).isFalse();

    HbaRule net8 = HbaRule.parse("host all all 10.0.0.0/8 md5");
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all 10.1.2.0/24 trust"))).isTrue();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("hostssl all all 10.1.2.3 255.255.255.255 trust"))).isTrue();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all 10.0.0.0/7 trust"))).isFalse();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all 11.0.0.0/24 trust"))).isFalse();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all ::1/128 trust"))).isFalse();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all all trust"))).isFalse();
    assertThat(net8.matchesEveryConnectionOf(HbaRule.parse("host all all .example.com trust"))).isFalse();
    assertThat(HbaRule.parse("host all all all md5").matchesEveryConnectionOf(HbaRule.parse("hostssl a b .x.com trust")))
        .isTrue();
    assertThat(HbaRule.parse("host all all fe80::/10 md5").matchesEveryConnectionOf(HbaRule.parse("host a b fe80::1/128 x")))
        .isTrue();
    assertThat(HbaRule.parse("host all all samenet md5").matchesEveryConnectionOf(HbaRule.parse("host a b samenet x")))
        .isTrue();
    assertThat(HbaRule.parse("host all all samenet md5").matchesEveryConnectionOf(HbaRule.parse("host a b samehost x")))
        .isFalse();

    assertThat(HbaRule.parse("hostssl all all all md5").matchesEveryConnectionOf(HbaRule.parse("host a b all x"))).isFalse();
    assertThat(HbaRule.parse("hostnossl all all all md5").matchesEveryConnectionOf(HbaRule.parse("hostgssenc a b all x")))
        .isTrue();
    assertThat(HbaRule.parse("hostnogssenc all all all md5").matchesEveryConnectionOf(HbaRule.parse("hostssl a b all x")))
        .isTrue();
    assertThat(HbaRule.parse("hostnossl all all all md5").matchesEveryConnectionOf(HbaRule.parse("hostssl a b all x")))
        .isFalse();
    assertThat(HbaRule.parse("hostssl all all all md5").matchesEveryConnectionOf(HbaRule.parse("local a b x"))).isFalse();
  }

  @Test
  void placementPutsTheRuleWhereAskedAndKeepsAWellPlacedOne() {
    HbaFile f = file("local all all peer\nhost all all 127.0.0.1/32 md5\n");
    HbaRule admin = HbaRule.local("all", "admin", "trust");
    HbaRule local = HbaRule.parse("local all all peer");
    HbaRule tcp = HbaRule.parse("host all all 127.0.0.1/32 md5");

    HbaFile last = f.place(admin, HbaPlacement.last());
    assertThat(last.rules()).containsExactly(local, tcp, admin);
    assertThat(last.shadowedBy(admin)).contains(local);
    assertThat(last.shadowedBy(tcp)).isEmpty();
    assertThat(last.shadowedBy(HbaRule.local("x", "y", "trust"))).isEmpty();
    assertThat(last.place(admin, HbaPlacement.last())).isSameAs(last);

    HbaFile first = last.place(admin, HbaPlacement.first());
    assertThat(first.rules()).containsExactly(admin, local, tcp);
    assertThat(first.shadowedBy(admin)).isEmpty();
    assertThat(first.place(admin, HbaPlacement.first())).isSameAs(first);
    assertThat(first.place(admin, HbaPlacement.before(local))).isSameAs(first);
    assertThat(first.place(admin, HbaPlacement.before(1))).isSameAs(first);
    assertThat(first.place(admin, HbaPlacement.after(local)).rules()).containsExactly(local, admin, tcp);
    assertThat(first.place(admin, HbaPlacement.after(tcp)).rules()).containsExactly(local, tcp, admin);
    assertThat(f.place(admin, HbaPlacement.before(tcp)).rules()).containsExactly(local, admin, tcp);
    assertThat(f.place(admin, HbaPlacement.after(0)).rules()).containsExactly(local, admin, tcp);
    assertThat(f.place(admin, HbaPlacement.before(0)).rules()).containsExactly(admin, local, tcp);
    assertThat(last.place(admin, HbaPlacement.after(1))).isSameAs(last);
    assertThat(last.place(admin, HbaPlacement.before(local)).rules()).containsExactly(admin, local, tcp);

    assertThatThrownBy(() -> f.place(admin, HbaPlacement.after(2))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("2 rules").hasMessageContaining("position 2");
    assertThatThrownBy(() -> f.place(admin, HbaPlacement.before(HbaRule.parse("local a b c"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("before");
    assertThatThrownBy(() -> HbaPlacement.before(-1)).isInstanceOf(InvalidInputException.class);
    assertThat(HbaPlacement.first()).hasToString("first");
    assertThat(HbaPlacement.after(3)).hasToString("after rule 3").isEqualTo(HbaPlacement.after(3))
        .isNotEqualTo(HbaPlacement.before(3)).hasSameHashCodeAs(HbaPlacement.after(3));
    assertThat(HbaPlacement.before(local)).hasToString("before \"local all all peer\"");
  }

  @Test
  void everyTokenOfARuleIsCheckedAndTheDigestIsTheFilesSha256() {
    assertThatThrownBy(() -> HbaRule.local("a\u0000b", "all", "trust")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HbaRule.local("all", "u\ud800", "trust")).hasMessageContaining("unpaired");
    assertThatThrownBy(() -> HbaRule.local("all", "all", "trust").withOption("map", "m\ud800"))
        .hasMessageContaining("unpaired");
    assertThatThrownBy(() -> HbaRule.local("all", "all", "trust").withMethod("a\ud800")).hasMessageContaining("unpaired");
    assertThatThrownBy(() -> HbaRule.host("all", "all", "h\ud800", "trust")).hasMessageContaining("unpaired");
    assertThat(file("").digest()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(HbaRule.parse("host all all 10.0.0.0/8 md5").hashCode())
        .isNotEqualTo(HbaRule.parse("host all all 11.0.0.0/8 md5").hashCode());
    assertThat(HbaPlacement.first().hashCode()).isNotEqualTo(HbaPlacement.after(2).hashCode());
  }
}
