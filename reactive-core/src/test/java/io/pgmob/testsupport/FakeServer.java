package io.pgmob.testsupport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scripted TCP peers for the failure paths a real PostgreSQL cannot show: a port that accepts and
 * stays silent, one that speaks another protocol, and a minimal PostgreSQL protocol peer that
 * claims an old version. Pure protocol logic; no database behind it.
 */
public final class FakeServer implements AutoCloseable {

  /** What the fake does with each connection. */
  public enum Behaviour { SILENT, NOT_POSTGRES, OLD_POSTGRES }

  private final ServerSocket socket;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final Thread thread;

  public FakeServer(Behaviour behaviour) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          clients.add(s);
          Thread t = new Thread(() -> serve(s, behaviour), "fake-pg-client");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "fake-pg");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  private static void serve(Socket s, Behaviour b) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      switch (b) {
        case SILENT -> {
          while (in.read(new byte[65536]) >= 0) {
            // read and never answer
          }
        }
        case NOT_POSTGRES -> {
          in.readInt();
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(500);
        }
        case OLD_POSTGRES -> oldPostgres(in, new DataOutputStream(out));
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  private static void oldPostgres(DataInputStream in, DataOutputStream out) throws IOException {
    int len = in.readInt();
    int code = in.readInt();
    if (code == 80877103) { // SSLRequest: refuse TLS and read the real startup packet
      out.write('N');
      out.flush();
      len = in.readInt();
      in.readInt();
    }
    in.readFully(new byte[len - 8]);
    msg(out, 'R', new byte[] {0, 0, 0, 0});
    param(out, "server_version", "9.6.24");
    param(out, "server_encoding", "UTF8");
    param(out, "client_encoding", "UTF8");
    param(out, "DateStyle", "ISO, MDY");
    param(out, "integer_datetimes", "on");
    param(out, "standard_conforming_strings", "on");
    msg(out, 'K', new byte[] {0, 0, 0, 42, 0, 0, 0, 7});
    msg(out, 'Z', new byte[] {'I'});
    out.flush();
    String[][] row = {{"num", "90624"}, {"v", "PostgreSQL 9.6.24 on x86_64"}, {"db", "postgres"}, {"cu", "postgres"},
        {"su", "postgres"}, {"pid", "42"}, {"super", "t"}};
    while (true) {
      int type = in.read();
      if (type < 0) {
        return;
      }
      int l = in.readInt();
      in.readFully(new byte[l - 4]);
      if (type == 'X') {
        return;
      }
      if (type == 'P') {
        msg(out, '1', new byte[0]);
      } else if (type == 'B') {
        msg(out, '2', new byte[0]);
      } else if (type == 'Q' || type == 'E') {
        rowDescription(out, row);
        dataRow(out, row);
        msg(out, 'C', "SELECT 1\0".getBytes(StandardCharsets.US_ASCII));
        if (type == 'Q') {
          msg(out, 'Z', new byte[] {'I'});
        }
      } else if (type == 'S') {
        msg(out, 'Z', new byte[] {'I'});
      }
      out.flush();
    }
  }

  private static void rowDescription(DataOutputStream out, String[][] row) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeShort(row.length);
    for (String[] c : row) {
      d.write(c[0].getBytes(StandardCharsets.US_ASCII));
      d.write(0);
      d.writeInt(0);
      d.writeShort(0);
      d.writeInt(25); // text
      d.writeShort(-1);
      d.writeInt(-1);
      d.writeShort(0);
    }
    msg(out, 'T', b.toByteArray());
  }

  private static void dataRow(DataOutputStream out, String[][] row) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeShort(row.length);
    for (String[] c : row) {
      byte[] v = c[1].getBytes(StandardCharsets.UTF_8);
      d.writeInt(v.length);
      d.write(v);
    }
    msg(out, 'D', b.toByteArray());
  }

  private static void param(DataOutputStream out, String k, String v) throws IOException {
    msg(out, 'S', (k + "\0" + v + "\0").getBytes(StandardCharsets.UTF_8));
  }

  private static void msg(DataOutputStream out, char type, byte[] body) throws IOException {
    out.write(type);
    out.writeInt(body.length + 4);
    out.write(body);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : clients) {
      s.close();
    }
  }
}
