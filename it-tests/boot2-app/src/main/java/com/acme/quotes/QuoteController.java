package com.acme.quotes;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
class QuoteController {

    private final QuoteRepository quotes;

    QuoteController(QuoteRepository quotes) {
        this.quotes = quotes;
    }

    @GetMapping("/quotes/{id}")
    String quote(@PathVariable long id) {
        Quote q = quotes.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return q.getSymbol() + "=" + q.getCents();
    }
}
