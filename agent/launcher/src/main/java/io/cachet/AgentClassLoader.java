package io.cachet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent core and its relocated libraries from the {@code inst/} folder of the agent
 * jar, where class files are stored as {@code .classdata}. Neither the bootstrap loader (which
 * has the jar on its search path) nor the system loader (which has it on the class path) can
 * see them there, so the application never gets our copies of Byte Buddy, Redisson, Netty or
 * Kryo, and we never get theirs.
 *
 * <p>The parent is the platform loader: the core needs JDK modules such as {@code java.sql}
 * and {@code java.management}, which the bootstrap loader does not define.
 */
final class AgentClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".classdata";
    private static final String OWN_PACKAGES = "io.cachet.";

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain protectionDomain;
    private final String version;

    private AgentClassLoader(JarFile jar, URL jarUrl, ClassLoader parent) {
        super("cachet-agent", parent);
        this.jar = jar;
        this.jarUrl = jarUrl;
        this.protectionDomain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
        String v = null;
        try {
            v = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException unreadable) {
            // The version is for log lines only.
        }
        this.version = v;
    }

    /** @param jar the agent jar, opened by the caller (which reads its bridge classes from it too) */
    static AgentClassLoader create(JarFile jar, File agentJar) throws IOException {
        return new AgentClassLoader(jar, agentJar.toURI().toURL(), ClassLoader.getPlatformClassLoader());
    }

    /**
     * For the command line, where there is no application: the parent is the system loader,
     * so the commands also see {@code jdk.attach}, which the platform loader does not define.
     */
    static AgentClassLoader createForCommandLine(File agentJar) throws IOException {
        return new AgentClassLoader(new JarFile(agentJar, false), agentJar.toURI().toURL(), ClassLoader.getSystemClassLoader());
    }

    /**
     * Our own classes ({@code io.cachet.*} in {@code inst/}, the relocated libraries included)
     * first, without asking the parent: the platform loader would answer each of the ~2,000
     * classes loaded at start-up with a {@link ClassNotFoundException} and its stack trace, on
     * the path of the first cached call. Everything else, the bridge in the bootstrap loader
     * included, is the parent's first as usual.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        JarEntry own = name.startsWith(OWN_PACKAGES) ? entryOf(name) : null;
        if (own == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name, own);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private JarEntry entryOf(String className) {
        return jar.getJarEntry(PREFIX + className.replace('.', '/') + CLASS_SUFFIX);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = entryOf(name);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        return define(name, entry);
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, "Cachet", version, null, null);
                } catch (IllegalArgumentException raced) {
                    // Another thread defined it first; that is the outcome we wanted.
                }
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        String path = PREFIX + (name.endsWith(".class")
                ? name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX
                : name);
        if (jar.getJarEntry(path) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + path);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
