package io.cachet.it.jta;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.cachet.it.jdbc.PlainReads;
import io.cachet.it.jdbc.Prices;
import io.cachet.it.tx.Hold;
import jakarta.transaction.TransactionManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The JTA application of the transaction tests, speaking {@code TxApp}'s commands: a
 * standalone Narayana (no container) whose {@code TransactionSynchronizationRegistry} is bound
 * where Jakarta EE binds it, {@code java:comp/TransactionSynchronizationRegistry}. Its one
 * transaction, {@code jta}, begins on the transaction manager, enlists an XA connection of
 * H2's, calls the {@code @Evicts} method on it and, once held, commits or rolls back through
 * the manager.
 *
 * <p>Argument: the shared database's JDBC URL.
 */
public final class JtaApp extends PlainReads {

    private final JdbcDataSource xa = new JdbcDataSource();
    private final TransactionManager tm;

    private JtaApp(String url, TransactionManager tm) {
        super(new Prices(url));
        this.xa.setURL(url);
        this.tm = tm;
    }

    public static void main(String[] args) throws Exception {
        Path store = Files.createTempDirectory("narayana");
        for (String name : new String[] {null, "communicationStore", "stateStore"}) {
            ObjectStoreEnvironmentBean env = name == null ? BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class)
                    : BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name);
            env.setObjectStoreDir(store.toString());
        }
        LocalJndi.install();
        LocalJndi.bind("java:comp/TransactionSynchronizationRegistry", new TransactionSynchronizationRegistryImple());
        new JtaApp(args[0], com.arjuna.ats.jta.TransactionManager.transactionManager()).serve();
    }

    @Override
    protected Runnable transaction(String how, int id, long value, Hold hold) {
        if (!how.equals("jta")) {
            throw new IllegalArgumentException("unknown transaction " + how);
        }
        return () -> {
            XAConnection connection = null;
            try {
                connection = xa.getXAConnection();
                tm.begin();
                tm.getTransaction().enlistResource(connection.getXAResource());
                Connection c = connection.getConnection();
                updateThenHold(c, id, value, hold);
                if (hold.rollback()) {
                    tm.rollback();
                } else {
                    tm.commit();
                }
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (Exception ignored) {
                        // the test's database is going away with the test
                    }
                }
            }
        };
    }
}
