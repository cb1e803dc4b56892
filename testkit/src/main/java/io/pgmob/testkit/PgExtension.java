package io.pgmob.testkit;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.jspecify.annotations.Nullable;

/**
 * The JUnit 5 extension behind {@link PgTest} and {@link PgMatrix}: resolves server parameters,
 * expands the version matrix, keeps server logs of failed tests.
 */
public final class PgExtension
    implements ParameterResolver, TestTemplateInvocationContextProvider, AfterEachCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgExtension.class);
  private static final List<ParameterAdapter> ADAPTERS = loadAdapters();

  private static List<ParameterAdapter> loadAdapters() {
    List<ParameterAdapter> list = new ArrayList<>();
    ServiceLoader.load(ParameterAdapter.class).forEach(list::add);
    return List.copyOf(list);
  }

  // ---- version matrix

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().map(m -> m.isAnnotationPresent(PgMatrix.class)).orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    PgMatrix matrix = context.getRequiredTestMethod().getAnnotation(PgMatrix.class);
    return matrixVersions(matrix).stream().map(MatrixInvocation::new);
  }

  /** The majors a {@link PgMatrix} test runs against. */
  static List<Integer> matrixVersions(PgMatrix matrix) {
    if (matrix.versions().length > 0) {
      return Arrays.stream(matrix.versions()).boxed().toList();
    }
    String configured = System.getProperty("pgmob.test.versions");
    if (configured == null || configured.isBlank()) {
      return IntStream.rangeClosed(13, 18).boxed().toList();
    }
    return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(Integer::valueOf).collect(Collectors.toList());
  }

  private record MatrixInvocation(int version) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "PostgreSQL " + version;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of((BeforeEachCallback) ctx -> ctx.getStore(NS).put("matrixVersion", version));
    }
  }

  // ---- parameters

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Parameter p = pc.getParameter();
    if (p.isAnnotationPresent(Servers.class)) {
      return p.getType() == List.class && supportsType(listElement(p));
    }
    return supportsType(p.getType());
  }

  private static boolean supportsType(@Nullable Class<?> type) {
    if (type == null) {
      return false;
    }
    return type == PgServer.class || ADAPTERS.stream().anyMatch(a -> a.supports(type));
  }

  private static @Nullable Class<?> listElement(Parameter p) {
    Type t = p.getParameterizedType();
    if (t instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    Parameter p = pc.getParameter();
    Servers many = p.getAnnotation(Servers.class);
    if (many != null) {
      ServerSpec spec = spec(many.version(), many.auth(), many.settings(), ec);
      List<PgServer> servers = PgServers.startMany(spec, many.count());
      servers.forEach(s -> closeWith(ec, s));
      used(ec).addAll(servers);
      Class<?> element = listElement(p);
      List<Object> out = new ArrayList<>(servers.size());
      for (PgServer s : servers) {
        out.add(adapt(s, element, ec));
      }
      return out;
    }
    Server one = p.getAnnotation(Server.class);
    ServerSpec spec = one == null
        ? spec(0, ServerSpec.Auth.SCRAM, new String[0], ec)
        : spec(one.version(), one.auth(), one.settings(), ec);
    PgServer server;
    if (one != null && one.isolated()) {
      server = PgServers.start(spec);
      closeWith(ec, server);
    } else {
      server = ec.getRoot().getStore(NS)
          .getOrComputeIfAbsent("shared:" + spec, k -> new Shared(PgServers.start(spec)), Shared.class).server;
    }
    used(ec).add(server);
    return adapt(server, p.getType(), ec);
  }

  private static ServerSpec spec(int version, ServerSpec.Auth auth, String[] settings, ExtensionContext ec) {
    int v = version;
    if (v == 0) {
      Integer matrix = matrixVersion(ec);
      v = matrix != null ? matrix : ServerSpec.DEFAULT_VERSION;
    }
    return ServerSpec.builder().majorVersion(v).auth(auth).settings(settings).build();
  }

  private static @Nullable Integer matrixVersion(ExtensionContext ec) {
    Optional<ExtensionContext> c = Optional.of(ec);
    while (c.isPresent()) {
      Integer v = c.get().getStore(NS).get("matrixVersion", Integer.class);
      if (v != null) {
        return v;
      }
      c = c.get().getParent();
    }
    return null;
  }

  private static Object adapt(PgServer server, @Nullable Class<?> type, ExtensionContext ec) {
    if (type == null || type == PgServer.class) {
      return server;
    }
    for (ParameterAdapter a : ADAPTERS) {
      if (a.supports(type)) {
        Object o = a.adapt(server, type);
        closeWith(ec, () -> a.dispose(o));
        return o;
      }
    }
    throw new ParameterResolutionException("no ParameterAdapter builds " + type.getName() + " from a PgServer");
  }

  private static void closeWith(ExtensionContext ec, AutoCloseable c) {
    ec.getStore(NS).put(new Object(), (ExtensionContext.Store.CloseableResource) c::close);
  }

  @SuppressWarnings("unchecked")
  private static List<PgServer> used(ExtensionContext ec) {
    return ec.getStore(NS).getOrComputeIfAbsent("used", k -> new ArrayList<PgServer>(), List.class);
  }

  // ---- logs of failed tests

  @Override
  public void afterEach(ExtensionContext ec) {
    if (ec.getExecutionException().isEmpty()) {
      return;
    }
    Path dir = Path.of("target", "pgmob-testkit-logs");
    for (PgServer s : used(ec)) {
      Optional<Path> log = s.logFile();
      if (log.isEmpty() || !Files.exists(log.get())) {
        continue;
      }
      try {
        Files.createDirectories(dir);
        String test = ec.getRequiredTestClass().getSimpleName() + "." + ec.getRequiredTestMethod().getName();
        Path kept = dir.resolve(test + "-" + s.name() + ".log");
        Files.copy(log.get(), kept, StandardCopyOption.REPLACE_EXISTING);
        List<String> lines = Files.readAllLines(log.get());
        System.err.println("---- " + s.name() + " log kept at " + kept.toAbsolutePath() + "; last lines:");
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
      } catch (IOException e) {
        System.err.println("could not keep the log of " + s.name() + ": " + e);
      }
    }
  }

  private record Shared(PgServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
