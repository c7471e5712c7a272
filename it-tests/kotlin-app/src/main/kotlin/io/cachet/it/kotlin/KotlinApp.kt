package io.cachet.it.kotlin

import java.io.PrintStream
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * Answers commands on standard input in the `OK <result>` protocol of the ITs, each one run in
 * coroutines (`runBlocking`, `Dispatchers.Default`).
 */
fun main() {
    val books = Books()
    val out = PrintStream(System.out, true, Charsets.UTF_8)
    while (true) {
        val line = readLine() ?: break
        if (line == "exit") break
        val p = line.split(" ")
        val reply = try {
            run(books, p)
        } catch (e: Throwable) {
            "error: ${e.message}"
        }
        out.println("OK $reply")
    }
}

private fun run(books: Books, p: List<String>): String = when (p[0]) {
    "set" -> { books.titles[p[1]] = p[2]; "set" }
    "count" -> (books.runs[p[1]]?.get() ?: 0).toString()
    "title" -> runBlocking { "value ${books.title(p[1])}" }
    "quick" -> runBlocking { books.quick(p[1]) }
    "author" -> runBlocking { books.author(p[1]) }
    "isbn" -> runBlocking { books.isbn(p[1]).digits }
    "quickIsbn" -> runBlocking { books.quickIsbn(p[1]).digits }
    "lookup" -> runBlocking { books.lookup(p[1]).toString() }
    "failing" -> runBlocking {
        try {
            books.failing(p[1])
        } catch (e: IllegalStateException) {
            "error: ${e.message}"
        }
    }
    // Whether the call returned its value at once or suspended: started without a dispatcher,
    // a call that never suspends hands back its value directly.
    "suspends" -> {
        val r = (suspend { books.title(p[1]) }).startCoroutineUninterceptedOrReturn(Continuation(EmptyCoroutineContext) {})
        if (r === COROUTINE_SUSPENDED) "suspended" else "returned $r"
    }
    // n coroutines on Dispatchers.Default ask for one key at once.
    "storm" -> runBlocking {
        val n = p[2].toInt()
        val got = (1..n).map { async(Dispatchers.Default) { books.slow(p[1]) } }.awaitAll()
        "${got.size} ${got.toSortedSet()}"
    }
    // Cancels a load while it is suspended.
    "cancel" -> runBlocking {
        val before = books.runs["slow"]?.get() ?: 0
        books.slowMillis = 10_000
        val job = launch(Dispatchers.Default) { books.slow(p[1]) }
        while ((books.runs["slow"]?.get() ?: 0) == before) delay(5)
        job.cancel()
        job.join()
        books.slowMillis = 300
        "cancelled"
    }
    else -> "unknown command ${p[0]}"
}
