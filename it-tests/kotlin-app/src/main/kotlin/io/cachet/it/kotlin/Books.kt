package io.cachet.it.kotlin

import io.cachet.annotations.Cached
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.delay

@JvmInline
value class Isbn(val digits: String)

/** Suspend functions as a Ktor or Spring service has them; each counts the times its body ran. */
class Books {
    val titles = ConcurrentHashMap<String, String>()
    val runs = ConcurrentHashMap<String, AtomicInteger>()
    @Volatile var slowMillis = 300L

    private fun ran(name: String) = runs.computeIfAbsent(name) { AtomicInteger() }.incrementAndGet()

    /** Suspends (a database round trip), then returns the title, or null. */
    @Cached(ttl = "5m")
    suspend fun title(id: String): String? {
        ran("title")
        delay(20)
        return titles[id]
    }

    /** Completes without ever suspending. */
    @Cached(ttl = "5m")
    suspend fun quick(id: String): String {
        ran("quick")
        return "quick $id"
    }

    /** Not annotated: cached by the rule the test configures. */
    suspend fun author(id: String): String {
        ran("author")
        delay(20)
        return "author of $id"
    }

    /** A load that stays in flight while other coroutines ask for the same key. */
    @Cached(ttl = "5m")
    suspend fun slow(id: String): String {
        ran("slow")
        delay(slowMillis)
        return "slow $id"
    }

    @Cached(ttl = "5m")
    suspend fun isbn(id: String): Isbn {
        ran("isbn")
        delay(20)
        return Isbn("978-$id")
    }

    /** An inline class returned without suspending: the compiler returns it unboxed. */
    @Cached(ttl = "5m")
    suspend fun quickIsbn(id: String): Isbn {
        ran("quickIsbn")
        return Isbn("979-$id")
    }

    @Cached(ttl = "5m")
    suspend fun lookup(id: String): Result<String> {
        ran("lookup")
        delay(20)
        return if (id == "bad") Result.failure(IllegalStateException("no such book")) else Result.success("found $id")
    }

    @Cached(ttl = "5m")
    suspend fun failing(id: String): String {
        ran("failing")
        delay(20)
        throw IllegalStateException("database down")
    }
}
